using System.Text.Json.Serialization;

namespace Wick.Server.OpenAI;

/// <summary>OpenAI's error envelope: <c>{"error":{"message","type","param","code"}}</c>.</summary>
internal sealed record ErrorEnvelope([property: JsonPropertyName("error")] ErrorBody Error);

/// <summary>The body of an OpenAI error.</summary>
internal sealed record ErrorBody(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("param")] string? Param,
    [property: JsonPropertyName("code")] string? Code);
