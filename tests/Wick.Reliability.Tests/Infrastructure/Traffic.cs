namespace Wick.Reliability.Tests.Infrastructure;

/// <summary>Groups of requests with known answers, started together.</summary>
internal static class Traffic
{
    /// <summary>
    /// <paramref name="count"/> requests with distinct short prompts (at most 12 bytes, so a scripted fault can pick out
    /// a longer prompt by its prefill size), alternating streaming and not, chat and legacy completions.
    /// </summary>
    public static PlannedCall[] Plan(MockHttpServer server, int count, int maxTokens, string tag = "r") =>
        [.. Enumerable.Range(0, count).Select(i =>
        {
            var prompt = $"{tag}{i}:";
            return new PlannedCall(prompt, maxTokens, Stream: i % 2 == 0, server.Expected(prompt, maxTokens), Chat: i % 3 != 2);
        })];

    /// <summary>
    /// Starts every call and returns (bounded) once all of them are running on the engine and every streaming one has
    /// seen its first token, with the calls' tasks.
    /// </summary>
    public static async Task<Task<CallOutcome>[]> StartAndAwaitFirstTokensAsync(MockHttpServer server, IReadOnlyList<PlannedCall> calls, TimeSpan limit, CancellationToken cancellationToken)
    {
        var started = new CountdownEvent(calls.Count(c => c.Stream));
        var tasks = calls.Select(c => c.SendAsync(server.Client, cancellationToken, c.Stream ? () => started.Signal() : null)).ToArray();
        await Wait.UntilAsync(
            () => (started.IsSet && server.Engine.GetMetrics().RunningRequests >= calls.Count) || tasks.Any(t => t.IsCompleted),
            limit,
            "every request running and every stream's first token",
            cancellationToken);
        Assert.False(tasks.Any(t => t.IsCompleted), "a request ended before the others had started: " + string.Join("; ", tasks.Where(t => t.IsCompleted).Select(t => t.Result)));
        return tasks;
    }
}
