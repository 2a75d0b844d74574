using System.Text.Json;
using System.Text.Json.Serialization;

namespace Wick.Server.OpenAI;

/// <summary>Fields chat and legacy completions share, including the extensions vLLM and llama-server accept.</summary>
internal abstract class SamplingRequestFields
{
    [JsonPropertyName("model")]
    public string? Model { get; set; }

    [JsonPropertyName("max_tokens")]
    public int? MaxTokens { get; set; }

    [JsonPropertyName("temperature")]
    public double? Temperature { get; set; }

    [JsonPropertyName("top_p")]
    public double? TopP { get; set; }

    [JsonPropertyName("n")]
    public int? N { get; set; }

    [JsonPropertyName("stream")]
    public bool? Stream { get; set; }

    [JsonPropertyName("stream_options")]
    public StreamOptions? StreamOptions { get; set; }

    /// <summary>A string or an array of up to 4 strings.</summary>
    [JsonPropertyName("stop")]
    public JsonElement Stop { get; set; }

    [JsonPropertyName("presence_penalty")]
    public double? PresencePenalty { get; set; }

    [JsonPropertyName("frequency_penalty")]
    public double? FrequencyPenalty { get; set; }

    /// <summary>Token id (as a string key, OpenAI's shape) to a bias in -100..100.</summary>
    [JsonPropertyName("logit_bias")]
    public Dictionary<string, double>? LogitBias { get; set; }

    [JsonPropertyName("seed")]
    public long? Seed { get; set; }

    [JsonPropertyName("user")]
    public string? User { get; set; }

    // Extensions (vLLM / llama-server names).
    [JsonPropertyName("top_k")]
    public int? TopK { get; set; }

    [JsonPropertyName("min_p")]
    public double? MinP { get; set; }

    [JsonPropertyName("repetition_penalty")]
    public double? RepetitionPenalty { get; set; }

    [JsonPropertyName("ignore_eos")]
    public bool? IgnoreEos { get; set; }

    /// <summary>Seconds; may only lower the server's own request timeout.</summary>
    [JsonPropertyName("timeout")]
    public double? Timeout { get; set; }
}

/// <summary><c>stream_options</c>: whether a final chunk carries usage.</summary>
internal sealed class StreamOptions
{
    [JsonPropertyName("include_usage")]
    public bool? IncludeUsage { get; set; }
}
