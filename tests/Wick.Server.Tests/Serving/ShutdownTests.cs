using System.Net;
using Wick.Server.Tests.Support;
using Wick.TestSupport.Server;

namespace Wick.Server.Tests.Serving;

/// <summary>A server whose engine has stopped: not live, not ready, and requests get 503 with Retry-After.</summary>
public sealed class ShutdownTests
{
    [Fact(Timeout = 30_000)]
    public async Task A_stopped_engine_makes_the_server_unhealthy_unready_and_refuse_requests_with_503()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await WickTestServer.StartAsync(ct);
        using var http = server.CreateClient();

        await server.Model.Engine.StopAsync(TimeSpan.Zero, ct);
        using var health = await http.GetAsync("health", ct);
        using var ready = await http.GetAsync("health/ready", ct);
        var (status, error, response) = await Api.PostAsync(http, "v1/completions", Api.Completion("2+2="), ct);
        var metrics = await MetricsText.ScrapeAsync(http, ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal("unhealthy", (await Api.ParseAsync(health, ct)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("shutting down", (await Api.ParseAsync(ready, ct)).GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Api.AssertError(error, "server_error", "shutting_down");
        Assert.True(response.Headers.Contains("Retry-After"));
        Assert.Equal(0, metrics["wick_engine_healthy{"]);
        response.Dispose();
    }
}
