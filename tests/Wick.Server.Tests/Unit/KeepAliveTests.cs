using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using Wick.Server.Http;

namespace Wick.Server.Tests.Unit;

public sealed class KeepAliveTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    [Fact(Timeout = 10_000)]
    public async Task An_idle_stream_gets_a_ping_each_interval_and_writes_defer_it()
    {
        var time = new FakeTimeProvider();
        var (response, body) = Response();
        var sse = new SseWriter(response);
        using var pings = new KeepAlive(Interval, time).Start(sse, TestContext.Current.CancellationToken);

        time.Advance(Interval - TimeSpan.FromSeconds(1));
        var beforeInterval = await ReadAsync(body);
        pings.Defer();
        time.Advance(TimeSpan.FromSeconds(5));
        var afterDefer = await ReadAsync(body);
        time.Advance(TimeSpan.FromSeconds(5));
        await WaitForAsync(body, ": ping\n\n");
        time.Advance(Interval);
        await WaitForAsync(body, ": ping\n\n: ping\n\n");

        Assert.Equal(string.Empty, beforeInterval);
        Assert.Equal(string.Empty, afterDefer);
    }

    [Fact(Timeout = 10_000)]
    public async Task A_ping_to_a_client_that_is_gone_is_dropped_quietly()
    {
        var time = new FakeTimeProvider();
        var (response, body) = Response();
        using var gone = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        await gone.CancelAsync();
        var pings = new KeepAlive(Interval, time).Start(new SseWriter(response), gone.Token);

        time.Advance(Interval);
        pings.Dispose();
        time.Advance(Interval);

        Assert.Equal(string.Empty, await ReadAsync(body));
    }

    private static (HttpResponse Response, MemoryStream Body) Response()
    {
        var context = new DefaultHttpContext();
        var body = new MemoryStream();
        context.Response.Body = body;
        return (context.Response, body);
    }

    private static Task<string> ReadAsync(MemoryStream body)
    {
        lock (body)
        {
            return Task.FromResult(Encoding.UTF8.GetString(body.ToArray()));
        }
    }

    /// <summary>The ping is written from the timer callback's own task: wait for it with a bound.</summary>
    private static async Task WaitForAsync(MemoryStream body, string expected)
    {
        await Support.Eventually.TrueAsync(() => Encoding.UTF8.GetString(body.ToArray()) == expected, $"'{expected.Replace("\n", "\\n", StringComparison.Ordinal)}'", TestContext.Current.CancellationToken);
    }
}
