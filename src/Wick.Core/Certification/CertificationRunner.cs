using System.Diagnostics;
using System.Text.RegularExpressions;
using Wick.Core.Errors;

namespace Wick.Core.Certification;

/// <summary>
/// Runs probes through any completion function (the engine directly, the HTTP stack, a CLI) under one overall time
/// limit. The same runner backs the build's certification test, <c>wick certify</c> and the server's readiness gate.
/// </summary>
public static class CertificationRunner
{
    /// <summary>Greedy completion of a prompt, limited to a number of tokens.</summary>
    public delegate Task<string> CompleteAsync(string prompt, int maxTokens, CancellationToken cancellationToken);

    public static async Task<CertificationReport> RunAsync(
        IReadOnlyList<CertificationProbe> probes,
        CompleteAsync complete,
        TimeSpan timeLimit,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(probes);
        ArgumentNullException.ThrowIfNull(complete);
        ArgumentNullException.ThrowIfNull(timeProvider);
        using var limit = new CancellationTokenSource(timeLimit, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(limit.Token, cancellationToken);
        var started = timeProvider.GetTimestamp();
        var results = new List<ProbeResult>(probes.Count);
        foreach (var probe in probes)
        {
            if (linked.IsCancellationRequested)
            {
                break;
            }

            results.Add(await RunProbeAsync(probe, complete, timeProvider, linked.Token).ConfigureAwait(false));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var timedOut = limit.IsCancellationRequested || results.Count < probes.Count;
        return new CertificationReport(results, timeProvider.GetElapsedTime(started), timedOut);
    }

    /// <summary>True when the completion, trimmed, matches the whole expected pattern.</summary>
    public static bool Matches(CertificationProbe probe, string completion)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(completion);
        return Regex.IsMatch(completion.Trim(), $"^(?:{probe.ExpectedPattern})$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    private static async Task<ProbeResult> RunProbeAsync(CertificationProbe probe, CompleteAsync complete, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        try
        {
            var completion = await complete(probe.Prompt, probe.MaxTokens, cancellationToken).ConfigureAwait(false);
            return new ProbeResult(probe, completion, null, Matches(probe, completion), time.GetElapsedTime(started));
        }
        catch (Exception ex) when (ex is WickException or OperationCanceledException or HttpRequestException or IOException)
        {
            // A probe that errors is a failed probe, not a crashed certification: the table must still be printed.
            return new ProbeResult(probe, null, ex.Message, false, time.GetElapsedTime(started));
        }
    }
}
