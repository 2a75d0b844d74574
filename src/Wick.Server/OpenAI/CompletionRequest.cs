using System.Text.Json;
using System.Text.Json.Serialization;

namespace Wick.Server.OpenAI;

/// <summary>The wire shape of <c>POST /v1/completions</c> (legacy completions).</summary>
internal sealed class CompletionRequest : SamplingRequestFields
{
    /// <summary>A string, an array of strings, an array of token ids, or an array of token-id arrays.</summary>
    [JsonPropertyName("prompt")]
    public JsonElement Prompt { get; set; }

    /// <summary>Legacy completions take an integer: the number of top log-probabilities per token (0-20 here).</summary>
    [JsonPropertyName("logprobs")]
    public int? Logprobs { get; set; }

    [JsonPropertyName("echo")]
    public bool? Echo { get; set; }

    [JsonPropertyName("suffix")]
    public string? Suffix { get; set; }

    [JsonPropertyName("best_of")]
    public int? BestOf { get; set; }
}
