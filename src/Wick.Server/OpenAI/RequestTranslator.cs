using System.Globalization;
using System.Text;
using System.Text.Json;
using Wick.Core.Sampling;
using Wick.Server.Chat;
using Wick.Server.Errors;

namespace Wick.Server.OpenAI;

/// <summary>
/// Turns the wire shape of a request into a <see cref="GenerationPlan"/>, rejecting anything malformed with a 400 that
/// names the parameter. Range checks of sampling values live in <see cref="SamplingParameters.Validate"/>.
/// </summary>
internal static class RequestTranslator
{
    /// <summary>Choices one request may ask for.</summary>
    public const int MaxChoices = 16;

    private static readonly HashSet<string> Roles = ["system", "developer", "user", "assistant", "tool"];

    public static GenerationPlan FromChat(ChatCompletionRequest request, ChatTemplate template)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(template);
        if (request.Messages is null || request.Messages.Count == 0)
        {
            throw HttpErrorException.BadRequest("'messages' must be a non-empty array of chat messages.", "messages");
        }

        var turns = new List<ChatTurn>(request.Messages.Count);
        for (var i = 0; i < request.Messages.Count; i++)
        {
            turns.Add(ToTurn(request.Messages[i], $"messages[{i}]"));
        }

        if (request.MaxTokens is not null && request.MaxCompletionTokens is not null && request.MaxTokens != request.MaxCompletionTokens)
        {
            throw HttpErrorException.BadRequest("Give 'max_tokens' or 'max_completion_tokens', not two different values.", "max_completion_tokens");
        }

        var topLogprobs = request.TopLogprobs ?? 0;
        if (request.TopLogprobs is not null && request.Logprobs != true)
        {
            throw HttpErrorException.BadRequest("'top_logprobs' needs 'logprobs' set to true.", "top_logprobs");
        }

        var sampling = Sampling(request, request.MaxCompletionTokens ?? request.MaxTokens) with
        {
            Logprobs = request.Logprobs == true,
            TopLogprobs = topLogprobs,
        };
        return Plan(request, template.Render(turns), null, sampling, echo: false);
    }

    public static GenerationPlan FromCompletion(CompletionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Suffix is { Length: > 0 })
        {
            throw HttpErrorException.BadRequest("'suffix' (fill-in-the-middle) is not supported.", "suffix");
        }

        if (request.BestOf is { } bestOf && bestOf != (request.N ?? 1))
        {
            throw HttpErrorException.BadRequest("'best_of' other than 'n' is not supported.", "best_of");
        }

        var (text, tokens) = Prompt(request.Prompt);
        var sampling = Sampling(request, request.MaxTokens ?? 16) with
        {
            Logprobs = request.Logprobs is not null,
            TopLogprobs = request.Logprobs ?? 0,
        };
        return Plan(request, text, tokens, sampling, echo: request.Echo == true);
    }

    private static GenerationPlan Plan(SamplingRequestFields request, string? text, IReadOnlyList<int>? tokens, SamplingParameters sampling, bool echo)
    {
        var n = request.N ?? 1;
        if (n is < 1 or > MaxChoices)
        {
            throw HttpErrorException.BadRequest($"'n' must be between 1 and {MaxChoices}, but got {n}.", "n");
        }

        TimeSpan? timeout = null;
        if (request.Timeout is { } seconds)
        {
            if (!double.IsFinite(seconds) || seconds <= 0 || seconds > TimeSpan.MaxValue.TotalSeconds / 2)
            {
                throw HttpErrorException.BadRequest($"'timeout' must be a positive number of seconds, but got {seconds.ToString(CultureInfo.InvariantCulture)}.", "timeout");
            }

            timeout = TimeSpan.FromSeconds(seconds);
        }

        var stream = request.Stream == true;
        if (request.StreamOptions is not null && !stream)
        {
            throw HttpErrorException.BadRequest("'stream_options' is only allowed when 'stream' is true.", "stream_options");
        }

        return new GenerationPlan(text, tokens, sampling, n, stream, request.StreamOptions?.IncludeUsage == true, timeout, echo);
    }

    private static SamplingParameters Sampling(SamplingRequestFields request, int? maxTokens) => new()
    {
        Temperature = (float)(request.Temperature ?? 1.0),
        TopP = (float)(request.TopP ?? 1.0),
        TopK = request.TopK ?? 0,
        MinP = (float)(request.MinP ?? 0.0),
        Seed = request.Seed,
        PresencePenalty = (float)(request.PresencePenalty ?? 0.0),
        FrequencyPenalty = (float)(request.FrequencyPenalty ?? 0.0),
        RepetitionPenalty = (float)(request.RepetitionPenalty ?? 1.0),
        LogitBias = LogitBias(request.LogitBias),
        MaxTokens = maxTokens,
        Stop = Stops(request.Stop),
        IgnoreEos = request.IgnoreEos == true,
    };

    private static Dictionary<int, float>? LogitBias(Dictionary<string, double>? bias)
    {
        if (bias is null)
        {
            return null;
        }

        var result = new Dictionary<int, float>(bias.Count);
        foreach (var (key, value) in bias)
        {
            if (!int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var token))
            {
                throw HttpErrorException.BadRequest($"'logit_bias' keys must be token ids, but got '{key}'.", "logit_bias");
            }

            result[token] = (float)value;
        }

        return result;
    }

    private static List<string>? Stops(JsonElement stop) => stop.ValueKind switch
    {
        JsonValueKind.Undefined or JsonValueKind.Null => null,
        JsonValueKind.String => [Text(stop, "stop")],
        JsonValueKind.Array => stop.EnumerateArray().Select(s => s.ValueKind == JsonValueKind.String
            ? Text(s, "stop")
            : throw HttpErrorException.BadRequest("'stop' must be a string or an array of strings.", "stop")).ToList(),
        _ => throw HttpErrorException.BadRequest("'stop' must be a string or an array of strings.", "stop"),
    };

    /// <summary>
    /// A JSON string's text. Invalid UTF-8 or an unpaired surrogate escape (<c>\ud800</c>) is only found when the value
    /// is read, here: it is the client's malformed input, a 400 naming the field.
    /// </summary>
    private static string Text(JsonElement element, string param)
    {
        try
        {
            return element.GetString() ?? string.Empty;
        }
        catch (InvalidOperationException)
        {
            throw HttpErrorException.BadRequest($"'{param}' is not valid text: it holds invalid UTF-8 or an unpaired surrogate escape.", param, "invalid_json");
        }
    }

    private static ChatTurn ToTurn(ChatMessage? message, string param)
    {
        if (message is null)
        {
            throw HttpErrorException.BadRequest($"'{param}' must be a message object.", param);
        }

        if (message.Role is null || !Roles.Contains(message.Role))
        {
            throw HttpErrorException.BadRequest(
                $"'{param}.role' must be one of system, developer, user, assistant, tool, but got '{message.Role ?? "(missing)"}'.", $"{param}.role");
        }

        var role = message.Role == "developer" ? "system" : message.Role;
        return new ChatTurn(role, Content(message.Content, $"{param}.content"));
    }

    private static string Content(JsonElement content, string param)
    {
        switch (content.ValueKind)
        {
            case JsonValueKind.String:
                return Text(content, param);
            case JsonValueKind.Null or JsonValueKind.Undefined:
                return string.Empty;
            case JsonValueKind.Array:
                var text = new StringBuilder();
                var index = 0;
                foreach (var part in content.EnumerateArray())
                {
                    if (part.ValueKind != JsonValueKind.Object
                        || !part.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String
                        || Text(type, $"{param}[{index}].type") != "text"
                        || !part.TryGetProperty("text", out var partText) || partText.ValueKind != JsonValueKind.String)
                    {
                        throw HttpErrorException.BadRequest($"'{param}[{index}]' must be a text part {{\"type\":\"text\",\"text\":\"...\"}}; other content types are not supported.", $"{param}[{index}]");
                    }

                    text.Append(Text(partText, $"{param}[{index}].text"));
                    index++;
                }

                return text.ToString();
            default:
                throw HttpErrorException.BadRequest($"'{param}' must be a string or an array of text parts.", param);
        }
    }

    private static (string? Text, IReadOnlyList<int>? Tokens) Prompt(JsonElement prompt)
    {
        switch (prompt.ValueKind)
        {
            case JsonValueKind.String:
                return (Text(prompt, "prompt"), null);
            case JsonValueKind.Array when prompt.GetArrayLength() == 1 && prompt[0].ValueKind is JsonValueKind.String or JsonValueKind.Array:
                return Prompt(prompt[0]);
            case JsonValueKind.Array when prompt.GetArrayLength() > 0 && prompt.EnumerateArray().All(e => e.ValueKind == JsonValueKind.Number):
                var tokens = new List<int>(prompt.GetArrayLength());
                foreach (var element in prompt.EnumerateArray())
                {
                    tokens.Add(element.TryGetInt32(out var id)
                        ? id
                        : throw HttpErrorException.BadRequest("'prompt' token ids must be 32-bit integers.", "prompt"));
                }

                return (null, tokens);
            case JsonValueKind.Array when prompt.GetArrayLength() > 1:
                throw HttpErrorException.BadRequest("Batched prompts (several prompts in one request) are not supported; send one request per prompt.", "prompt");
            default:
                throw HttpErrorException.BadRequest("'prompt' must be a string, an array of token ids, or a one-element array of either.", "prompt");
        }
    }
}
