using System.Globalization;

namespace Wick.Server.Tests.Support;

/// <summary>A parsed Prometheus text exposition: sample name with labels → value.</summary>
internal sealed class MetricsText
{
    private readonly Dictionary<string, double> _samples = new(StringComparer.Ordinal);

    public MetricsText(string text)
    {
        Text = text;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith('#'))
            {
                continue;
            }

            var space = line.LastIndexOf(' ');
            _samples[line[..space]] = double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture);
        }
    }

    public string Text { get; }

    public IReadOnlyCollection<string> Names => _samples.Keys.Select(k => k.Split('{')[0]).ToHashSet();

    /// <summary>The value of the sample whose name and labels start with <paramref name="prefix"/> (e.g. <c>vllm:num_requests_running{</c>).</summary>
    public double this[string prefix] => _samples.Single(s => s.Key.StartsWith(prefix, StringComparison.Ordinal)).Value;

    public double ValueOr(string key, double fallback) => _samples.GetValueOrDefault(key, fallback);

    public static async Task<MetricsText> ScrapeAsync(HttpClient http, CancellationToken ct) =>
        new(await http.GetStringAsync("metrics", ct));
}
