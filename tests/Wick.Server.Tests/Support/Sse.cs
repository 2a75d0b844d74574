using System.Text.Json;

namespace Wick.Server.Tests.Support;

/// <summary>Reads a server-sent event stream as the OpenAI clients do: <c>data:</c> payloads until <c>[DONE]</c>.</summary>
internal static class Sse
{
    /// <summary>Every <c>data:</c> payload in order, including the final <c>[DONE]</c>; comments are skipped.</summary>
    public static async Task<List<string>> ReadAllAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var events = new List<string>();
        await foreach (var data in ReadAsync(response, ct))
        {
            events.Add(data);
        }

        return events;
    }

    public static async IAsyncEnumerable<string> ReadAsync(HttpResponseMessage response, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                yield return line["data: ".Length..];
            }
        }
    }

    /// <summary>The JSON events (everything but <c>[DONE]</c>), parsed.</summary>
    public static List<JsonElement> Json(IEnumerable<string> events) =>
        events.Where(e => e != "[DONE]").Select(e => JsonDocument.Parse(e).RootElement.Clone()).ToList();
}
