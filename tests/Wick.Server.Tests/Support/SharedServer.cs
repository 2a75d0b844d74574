using Wick.TestSupport.Server;

[assembly: AssemblyFixture(typeof(Wick.Server.Tests.Support.SharedServer))]

namespace Wick.Server.Tests.Support;

/// <summary>
/// One real server (tiny model, default options) shared by the test classes whose assertions do not depend on what
/// other tests send at the same time. Tests that count, fill queues or wait for idleness start their own.
/// </summary>
public sealed class SharedServer : IAsyncLifetime
{
    private WickTestServer? _server;

    public WickTestServer Server => _server ?? throw new InvalidOperationException("The shared server has not started.");

    public async ValueTask InitializeAsync() => _server = await WickTestServer.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
