using System.Text.Json.Serialization;

namespace Wick.Server.OpenAI;

/// <summary><c>POST /tokenize</c>: llama-server sends <c>content</c>, vLLM sends <c>prompt</c>; both are accepted.</summary>
internal sealed class TokenizeRequest
{
    [JsonPropertyName("content")]
    public string? Content { get; set; }

    [JsonPropertyName("prompt")]
    public string? Prompt { get; set; }

    [JsonPropertyName("add_special")]
    public bool? AddSpecial { get; set; }
}

internal sealed record TokenizeResponse(
    [property: JsonPropertyName("tokens")] IReadOnlyList<int> Tokens,
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("max_model_len")] int MaxModelLength);

/// <summary><c>POST /detokenize</c>.</summary>
internal sealed class DetokenizeRequest
{
    [JsonPropertyName("tokens")]
    public List<int>? Tokens { get; set; }
}

/// <summary>llama-server answers <c>content</c>, vLLM <c>prompt</c>: both carry the text.</summary>
internal sealed record DetokenizeResponse(
    [property: JsonPropertyName("content")] string Content,
    [property: JsonPropertyName("prompt")] string Prompt);
