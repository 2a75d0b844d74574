using System.Text.Json;
using System.Text.Json.Serialization;

namespace Wick.Server.OpenAI;

/// <summary>
/// The wire shape of <c>POST /v1/chat/completions</c>. Polymorphic fields (content, stop) stay <see cref="JsonElement"/>
/// so that <see cref="RequestTranslator"/> can name the parameter when their shape is wrong. Unknown fields are ignored,
/// as vLLM and llama-server do, so clients that send extras keep working.
/// </summary>
internal sealed class ChatCompletionRequest : SamplingRequestFields
{
    [JsonPropertyName("messages")]
    public List<ChatMessage>? Messages { get; set; }

    [JsonPropertyName("max_completion_tokens")]
    public int? MaxCompletionTokens { get; set; }

    [JsonPropertyName("logprobs")]
    public bool? Logprobs { get; set; }

    [JsonPropertyName("top_logprobs")]
    public int? TopLogprobs { get; set; }
}

/// <summary>One chat message; <c>content</c> is a string or an array of <c>{"type":"text","text":...}</c> parts.</summary>
internal sealed class ChatMessage
{
    [JsonPropertyName("role")]
    public string? Role { get; set; }

    [JsonPropertyName("content")]
    public JsonElement Content { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }
}
