using System.Net;
using System.Net.Sockets;

namespace Wick.Server.Tests.Support;

/// <summary>For servers started the way users start them (a port on the command line), not through WickTestServer.</summary>
internal static class LocalPorts
{
    /// <summary>A port that was free a moment ago (the OS hands out ephemeral ports in turn, so reuse is unlikely).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits (bounded) until <c>/health/ready</c> on the port answers 200.</summary>
    public static async Task WaitUntilReadyAsync(int port, Task serving, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(5) };
        var ready = false;
        await Eventually.TrueAsync(
            () =>
            {
                if (serving.IsCompleted)
                {
                    throw new InvalidOperationException($"the server stopped before it was ready: {serving.Exception?.InnerException?.Message ?? serving.Status.ToString()}");
                }

                return ready;
            },
            $"the server on port {port} to be ready",
            ct,
            timeoutMs: 30_000,
            poll: async () =>
            {
                try
                {
                    using var response = await http.GetAsync("health/ready", ct);
                    ready = response.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    // not listening yet
                }
            });
    }
}
