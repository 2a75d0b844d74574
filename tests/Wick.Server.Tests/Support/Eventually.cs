namespace Wick.Server.Tests.Support;

/// <summary>Bounded polling for state that has no event to wait on (engine gauges between step boundaries).</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string what, CancellationToken ct, int timeoutMs = 10_000, Func<Task>? poll = null)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeoutMs);
        try
        {
            while (true)
            {
                if (poll is not null)
                {
                    await poll();
                }

                if (condition())
                {
                    return;
                }

                await Task.Delay(poll is null ? 5 : 25, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            Assert.Fail($"Timed out after {timeoutMs} ms waiting for {what}.");
        }
    }
}
