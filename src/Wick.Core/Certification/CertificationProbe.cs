using System.Text.Json.Serialization;

namespace Wick.Core.Certification;

/// <summary>
/// One prompt and the pattern its greedy completion must match in full (a .NET regular expression, matched against
/// the completion with surrounding white space trimmed).
/// </summary>
public sealed record CertificationProbe(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("prompt")] string Prompt,
    [property: JsonPropertyName("expect")] string ExpectedPattern,
    [property: JsonPropertyName("max_tokens")] int MaxTokens = 8);
