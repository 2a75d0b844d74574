using System.Net.Http.Json;
using System.Text.Json;

namespace Wick.Certification.Tests;

/// <summary>Greedy completions over the real HTTP stack, in the shape <see cref="Wick.Core.Certification.CertificationRunner"/> takes.</summary>
internal sealed class HttpProbeClient(HttpClient http)
{
    public async Task<string> CompleteAsync(string prompt, int maxTokens, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("v1/completions", new { prompt, max_tokens = maxTokens, temperature = 0 }, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"HTTP {(int)response.StatusCode}: {body}");
        }

        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("choices")[0].GetProperty("text").GetString() ?? string.Empty;
    }
}
