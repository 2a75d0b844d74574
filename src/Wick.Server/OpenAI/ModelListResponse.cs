using System.Text.Json.Serialization;

namespace Wick.Server.OpenAI;

/// <summary><c>GET /v1/models</c>.</summary>
internal sealed record ModelListResponse(
    [property: JsonPropertyName("object")] string Object,
    [property: JsonPropertyName("data")] IReadOnlyList<ModelCard> Data);

/// <summary>One model as OpenAI describes it, plus what Wick read from the GGUF (vLLM adds <c>max_model_len</c> too).</summary>
internal sealed record ModelCard(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("object")] string Object,
    [property: JsonPropertyName("created")] long Created,
    [property: JsonPropertyName("owned_by")] string OwnedBy,
    [property: JsonPropertyName("max_model_len")] int MaxModelLength,
    [property: JsonPropertyName("meta")] ModelMeta Meta);

internal sealed record ModelMeta(
    [property: JsonPropertyName("architecture")] string Architecture,
    [property: JsonPropertyName("parameters")] long Parameters,
    [property: JsonPropertyName("vocab_size")] int VocabSize,
    [property: JsonPropertyName("context_length")] int ContextLength,
    [property: JsonPropertyName("file_size")] long FileSize);
