using Wick.Bench.Measurement;
using Wick.Bench.Targets;

namespace Wick.Bench.Workload;

/// <summary>
/// Sends a workload to a target. Closed loop: <c>Concurrency</c> clients, each sending its next request as soon as
/// the previous one finished. Open loop: requests leave at Poisson times whatever the answers do (at most
/// <c>Concurrency</c> in flight). A failed request is recorded, not retried.
/// </summary>
internal static class LoadDriver
{
    public static async Task<List<RequestRecord>> RunAsync(
        IGenerationTarget target, WorkloadSpec spec, IReadOnlyList<string> prompts, Action<RequestRecord>? onDone, CancellationToken cancellationToken)
    {
        var records = new RequestRecord[spec.Requests];
        var clock = new RunClock();
        if (spec.Rate is { } rate)
        {
            var times = ArrivalSchedule.Poisson(spec.Requests, rate, spec.Seed);
            using var inFlight = new SemaphoreSlim(spec.Concurrency);
            var tasks = new List<Task>(spec.Requests);
            for (var i = 0; i < spec.Requests; i++)
            {
                var delay = times[i] - clock.Now;
                if (delay > 0)
                {
                    await Task.Delay(TimeSpan.FromSeconds(delay), cancellationToken).ConfigureAwait(false);
                }

                await inFlight.WaitAsync(cancellationToken).ConfigureAwait(false);
                var index = i;
                tasks.Add(Task.Run(
                    async () =>
                    {
                        try
                        {
                            records[index] = await OneAsync(target, spec, prompts[index], index, clock, onDone, cancellationToken).ConfigureAwait(false);
                        }
                        finally
                        {
                            inFlight.Release();
                        }
                    },
                    cancellationToken));
            }

            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        else
        {
            var next = -1;
            var clients = Enumerable.Range(0, Math.Min(spec.Concurrency, spec.Requests)).Select(_ => Task.Run(
                async () =>
                {
                    int index;
                    while ((index = Interlocked.Increment(ref next)) < spec.Requests)
                    {
                        records[index] = await OneAsync(target, spec, prompts[index], index, clock, onDone, cancellationToken).ConfigureAwait(false);
                    }
                },
                cancellationToken));
            await Task.WhenAll(clients).ConfigureAwait(false);
        }

        return [.. records];
    }

    private static async Task<RequestRecord> OneAsync(
        IGenerationTarget target, WorkloadSpec spec, string prompt, int index, RunClock clock, Action<RequestRecord>? onDone, CancellationToken cancellationToken)
    {
        var record = new RequestRecord(index);
        try
        {
            await target.RunAsync(prompt, spec.OutputLength, record, clock, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A benchmark records failures and goes on; the summary counts them and shows the first.
            record.Error = ex.Message;
            record.End = clock.Now;
        }

        onDone?.Invoke(record);
        return record;
    }
}
