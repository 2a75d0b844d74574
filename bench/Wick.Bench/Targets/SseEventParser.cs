using System.Text;
using System.Text.Json;

namespace Wick.Bench.Targets;

/// <summary>
/// Reads the few fields the benchmark needs out of one SSE <c>data:</c> payload with a forward-only JSON reader (no
/// document, no allocation per token), so the client stays light next to the server on the same machine.
/// </summary>
internal static class SseEventParser
{
    private static readonly byte[] DonePayload = "[DONE]"u8.ToArray();

    public static SseEvent Parse(ReadOnlySpan<byte> payload)
    {
        if (payload.SequenceEqual(DonePayload))
        {
            return new SseEvent(0, false, null, null, null, Done: true);
        }

        var reader = new Utf8JsonReader(payload);
        int tokens = 0, depth = 0;
        var hasText = false;
        int? completionTokens = null, promptTokens = null;
        string? error = null;
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                continue;
            }

            depth = reader.CurrentDepth;
            if (reader.ValueTextEquals("token_logprobs"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        tokens++;
                    }
                }
            }
            else if (reader.ValueTextEquals("text"u8))
            {
                reader.Read();
                hasText |= reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length > 0;
            }
            else if (reader.ValueTextEquals("completion_tokens"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Number)
                {
                    completionTokens = reader.GetInt32();
                }
            }
            else if (reader.ValueTextEquals("prompt_tokens"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Number)
                {
                    promptTokens = reader.GetInt32();
                }
            }
            else if (depth == 1 && reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                error = reader.TokenType == JsonTokenType.StartObject ? Encoding.UTF8.GetString(payload) : reader.GetString();
                break;
            }
        }

        return new SseEvent(tokens, hasText, completionTokens, promptTokens, error, Done: false);
    }
}
