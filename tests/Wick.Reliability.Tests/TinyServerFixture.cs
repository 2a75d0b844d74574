using Wick.TestSupport.Server;

namespace Wick.Reliability.Tests;

/// <summary>The real server with the shipped tiny model, shared by the fuzzing runs.</summary>
public sealed class TinyServerFixture : IAsyncLifetime
{
    public WickTestServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Server = await WickTestServer.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}
