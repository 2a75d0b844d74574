using System.Globalization;

namespace Wick.Reliability.Tests.Infrastructure;

/// <summary>One scrape of <c>/metrics</c> (Prometheus text format), read back into numbers.</summary>
internal sealed class Scrape
{
    private readonly Dictionary<string, double> series = new(StringComparer.Ordinal);

    private Scrape(string text)
    {
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var space = line.LastIndexOf(' ');
            series[line[..space]] = double.Parse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture);
        }
    }

    public static async Task<Scrape> TakeAsync(HttpClient client, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(new Uri("metrics", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return new Scrape(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The sum over every series of metric <paramref name="name"/> (whatever its labels).</summary>
    public double this[string name] => series
        .Where(p => p.Key == name || p.Key.StartsWith(name + "{", StringComparison.Ordinal))
        .Sum(p => p.Value);

    /// <summary>The one series of <paramref name="name"/> whose labels contain <paramref name="label"/> (e.g. <c>code="504"</c>).</summary>
    public double With(string name, string label) => series
        .Where(p => p.Key.StartsWith(name + "{", StringComparison.Ordinal) && p.Key.Contains(label, StringComparison.Ordinal))
        .Sum(p => p.Value);

    public bool Has(string name) => series.Keys.Any(k => k == name || k.StartsWith(name + "{", StringComparison.Ordinal));
}
