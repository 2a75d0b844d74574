using System.Net;
using Wick.Server.Configuration;
using Wick.Server.Hosting;
using Wick.Server.Serving;

namespace Wick.Server.Tests.Hosting;

/// <summary><see cref="WickServer.Build"/> as a host calls it, with its own model (stopping the app stops the engine).</summary>
public sealed class WickServerBuildTests
{
    [Fact(Timeout = 30_000)]
    public async Task A_server_built_with_its_own_clock_and_default_logging_serves_and_stops_its_engine()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = new WickOptions { Port = 0, MaxSequences = 2 };
        await using var model = await WickHost.LoadAsync(options, loggerFactory: null, ct);
        var readiness = new Readiness();
        readiness.MarkReady();

        await using var app = WickServer.Build(options, model.Served, readiness, logging: null, time: TimeProvider.System);
        await app.StartAsync(ct);
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First() + "/") };
        using var models = await http.GetAsync("v1/models", ct);
        await app.StopAsync(ct);
        await model.Served.Engine.WhenIdleAsync(ct); // completes once the engine stopped

        Assert.Equal(HttpStatusCode.OK, models.StatusCode);
        Assert.False(model.Served.Engine.IsAcceptingRequests);
    }

    [Fact]
    public void Build_rejects_missing_parts()
    {
        Assert.Throws<ArgumentNullException>(() => WickServer.Build(null!, null!, null!));
        Assert.Throws<ArgumentNullException>(() => WickServer.Build(new WickOptions(), null!, new Readiness()));
    }
}
