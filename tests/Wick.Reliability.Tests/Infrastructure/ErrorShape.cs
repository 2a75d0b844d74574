using System.Text.Json;

namespace Wick.Reliability.Tests.Infrastructure;

/// <summary>OpenAI's error body: <c>{"error":{"message":string,"type":string,"param":string|null,"code":string|null}}</c>.</summary>
internal static class ErrorShape
{
    /// <summary>Null when <paramref name="body"/> has the shape; otherwise what is wrong with it.</summary>
    public static string? Problem(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return Problem(document.RootElement);
        }
        catch (JsonException ex)
        {
            return $"not JSON ({ex.Message}): {Clip(body)}";
        }
    }

    public static string? Problem(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object)
        {
            return $"no 'error' object: {Clip(root.GetRawText())}";
        }

        if (!error.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.String || message.GetString()!.Length == 0)
        {
            return "error.message is missing or empty";
        }

        if (!error.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString()!.Length == 0)
        {
            return "error.type is missing or empty";
        }

        foreach (var field in new[] { "param", "code" })
        {
            if (!error.TryGetProperty(field, out var value) || value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            {
                return $"error.{field} is missing or not a string or null";
            }
        }

        return null;
    }

    /// <summary>The <c>error.code</c> of an OpenAI error body, or null.</summary>
    public static string? Code(JsonElement root) =>
        root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
        && error.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String ? code.GetString() : null;

    public static string Clip(string text, int length = 300) => text.Length <= length ? text : text[..length] + $"...({text.Length} chars)";
}
