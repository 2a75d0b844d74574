namespace Wick.Reliability.Tests.Infrastructure;

/// <summary>The counters a fault must move in /metrics: scraped before and after, compared by name.</summary>
internal sealed class FaultLedger
{
    public static readonly string[] Counters =
    [
        "wick_step_timeouts_total",
        "wick_step_aborts_total",
        "wick_step_failures_total",
        "wick_requests_failed_total",
        "wick_requests_cancelled_total",
        "wick_rejections_total",
        "wick_queue_timeouts_total",
        "vllm:num_preemptions_total",
        "vllm:request_success_total",
    ];

    private readonly Scrape before;
    private Scrape? after;

    private FaultLedger(Scrape before) => this.before = before;

    public static async Task<FaultLedger> OpenAsync(HttpClient client, CancellationToken cancellationToken) =>
        new(await Scrape.TakeAsync(client, cancellationToken));

    public async Task CloseAsync(HttpClient client, CancellationToken cancellationToken) =>
        after = await Scrape.TakeAsync(client, cancellationToken);

    /// <summary>How much <paramref name="name"/> grew between the two scrapes.</summary>
    public double Delta(string name) => (after ?? throw new InvalidOperationException("close the ledger first"))[name] - before[name];

    /// <summary>How many more responses had HTTP status <paramref name="status"/>.</summary>
    public double ResponsesDelta(int status) =>
        (after ?? throw new InvalidOperationException("close the ledger first")).With("wick_http_responses_total", $"code=\"{status}\"")
        - before.With("wick_http_responses_total", $"code=\"{status}\"");

    /// <summary>Every counter that moved, for the results file.</summary>
    public Dictionary<string, double> Moved() =>
        Counters.Select(c => (c, Delta(c))).Where(p => p.Item2 != 0).ToDictionary(p => p.c, p => p.Item2);
}
