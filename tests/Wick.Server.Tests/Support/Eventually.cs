namespace Wick.Server.Tests.Support;

/// <summary>Bounded polling for state that has no event to wait on (engine gauges between step boundaries).</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string what, CancellationToken ct, int timeoutMs = 10_000)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeoutMs);
        try
        {
            while (!condition())
            {
                await Task.Delay(5, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            Assert.Fail($"Timed out after {timeoutMs} ms waiting for {what}.");
        }
    }
}
