using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Wick.Reliability.Tests.Infrastructure;

/// <summary>An HTTP client for the OpenAI endpoints that records how each call ended, streaming or not, with its TTFT.</summary>
internal static class Api
{
    /// <summary>A keep-alive client over loopback with room for <paramref name="maxConnections"/> parallel connections.</summary>
    public static HttpClient CreateClient(Uri baseAddress, int maxConnections = 64) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = maxConnections,
        UseProxy = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectTimeout = TimeSpan.FromSeconds(30),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
    })
    {
        BaseAddress = baseAddress,
        Timeout = Timeout.InfiniteTimeSpan, // every call carries its own token
    };

    public static string Json(object body) => JsonSerializer.Serialize(body);

    /// <summary>A chat completion body for <paramref name="prompt"/> at temperature 0.</summary>
    public static object Chat(string prompt, int maxTokens, bool stream, bool ignoreEos = false, string model = "") => new Dictionary<string, object?>
    {
        ["model"] = model.Length > 0 ? model : null,
        ["messages"] = new[] { new { role = "user", content = prompt } },
        ["temperature"] = 0,
        ["max_tokens"] = maxTokens,
        ["stream"] = stream,
        ["ignore_eos"] = ignoreEos,
    };

    /// <summary>A legacy completion body for <paramref name="prompt"/> at temperature 0.</summary>
    public static object Completion(string prompt, int maxTokens, bool stream, bool ignoreEos = false) => new Dictionary<string, object?>
    {
        ["prompt"] = prompt,
        ["temperature"] = 0,
        ["max_tokens"] = maxTokens,
        ["stream"] = stream,
        ["ignore_eos"] = ignoreEos,
    };

    /// <summary>
    /// POSTs <paramref name="json"/> and reads the answer to its end (or until <paramref name="cancellationToken"/> fires,
    /// which counts as the client giving up). <paramref name="onFirstToken"/> runs when the first generated text arrives.
    /// </summary>
    public static async Task<CallOutcome> PostAsync(HttpClient client, string path, string json, CancellationToken cancellationToken, Action? onFirstToken = null)
    {
        var outcome = new CallOutcome();
        var clock = Stopwatch.StartNew();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            outcome.Status = (int)response.StatusCode;
            outcome.RetryAfter = response.Headers.TryGetValues("Retry-After", out var retry) ? string.Join(",", retry) : null;
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (response.StatusCode == HttpStatusCode.OK && mediaType == "text/event-stream")
            {
                outcome.Streamed = true;
                await ReadEventsAsync(response, outcome, clock, onFirstToken, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                ReadBody(body, outcome, clock, onFirstToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            outcome.ClientCancelled = true;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or JsonException or OperationCanceledException)
        {
            outcome.TransportFailure = ex;
        }

        outcome.TotalMs = clock.Elapsed.TotalMilliseconds;
        return outcome;
    }

    private static async Task ReadEventsAsync(HttpResponseMessage response, CallOutcome outcome, Stopwatch clock, Action? onFirstToken, CancellationToken cancellationToken)
    {
        using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (!line.StartsWith("data: ", StringComparison.Ordinal))
            {
                continue; // blank separators and ": ping" comments
            }

            var data = line["data: ".Length..];
            if (data == "[DONE]")
            {
                outcome.SawDone = true;
                continue;
            }

            if (outcome.SawDone)
            {
                throw new IOException("an event arrived after [DONE]");
            }

            using var document = JsonDocument.Parse(data);
            var root = document.RootElement;
            if (root.TryGetProperty("error", out _))
            {
                outcome.ErrorWasEvent = true;
                outcome.ShapeProblem = ErrorShape.Problem(root);
                outcome.ErrorCode = ErrorShape.Code(root) ?? "(no code)";
                continue;
            }

            ReadChoices(root, outcome, clock, onFirstToken);
        }
    }

    private static void ReadBody(string body, CallOutcome outcome, Stopwatch clock, Action? onFirstToken)
    {
        if (outcome.Status != 200)
        {
            outcome.ShapeProblem = ErrorShape.Problem(body);
            if (outcome.ShapeProblem is null)
            {
                using var error = JsonDocument.Parse(body);
                outcome.ErrorCode = ErrorShape.Code(error.RootElement) ?? "(no code)";
            }
            else
            {
                outcome.ErrorCode = "(malformed error body)";
            }

            return;
        }

        using var document = JsonDocument.Parse(body);
        ReadChoices(document.RootElement, outcome, clock, onFirstToken);
    }

    private static void ReadChoices(JsonElement root, CallOutcome outcome, Stopwatch clock, Action? onFirstToken)
    {
        if (!root.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var choice in choices.EnumerateArray())
        {
            if (choice.TryGetProperty("index", out var index) && index.GetInt32() != 0)
            {
                continue;
            }

            var text = Text(choice);
            if (!string.IsNullOrEmpty(text))
            {
                if (outcome.TimeToFirstTokenMs is null)
                {
                    outcome.TimeToFirstTokenMs = clock.Elapsed.TotalMilliseconds;
                    onFirstToken?.Invoke();
                }

                outcome.Append(text);
            }

            if (choice.TryGetProperty("finish_reason", out var finish) && finish.ValueKind == JsonValueKind.String)
            {
                outcome.FinishReason = finish.GetString();
            }
        }
    }

    private static string? Text(JsonElement choice)
    {
        foreach (var holder in new[] { "delta", "message" })
        {
            if (choice.TryGetProperty(holder, out var message) && message.ValueKind == JsonValueKind.Object
                && message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String)
            {
                return content.GetString();
            }
        }

        return choice.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString() : null;
    }
}
