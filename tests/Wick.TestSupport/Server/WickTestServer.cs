using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Wick.Server;
using Wick.Server.Configuration;
using Wick.Server.Hosting;
using Wick.Server.Serving;

namespace Wick.TestSupport.Server;

/// <summary>
/// The real Wick server (real llama.cpp engine, real Kestrel on 127.0.0.1 with a free port) for tests that talk HTTP.
/// Defaults to the shipped tiny model; <see cref="StartAsync"/> takes options to test other configurations.
/// </summary>
public sealed class WickTestServer : IAsyncDisposable
{
    private readonly LoadedModel _model;
    private readonly WebApplication _app;

    private WickTestServer(LoadedModel model, WebApplication app, Readiness readiness, Uri baseAddress)
    {
        _model = model;
        _app = app;
        Readiness = readiness;
        BaseAddress = baseAddress;
    }

    /// <summary><c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary><c>http://127.0.0.1:PORT/v1</c>, as the OpenAI clients want it.</summary>
    public Uri OpenAIEndpoint => new(BaseAddress, "v1");

    public ServedModel Model => _model.Served;

    public Readiness Readiness { get; }

    public static async Task<WickTestServer> StartAsync(CancellationToken cancellationToken, Action<WickOptions>? configure = null, bool certify = false)
    {
        var options = new WickOptions { Port = 0, MaxSequences = 16, CertifyOnStart = certify };
        configure?.Invoke(options);
        var model = await WickHost.LoadAsync(options, loggerFactory: null, cancellationToken).ConfigureAwait(false);
        try
        {
            var readiness = new Readiness();
            var app = WickServer.Build(options, model.Served, readiness, logging => logging.SetMinimumLevel(LogLevel.Warning));
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var address = new Uri(app.Urls.First() + "/");
            if (certify)
            {
                await WickHost.CertifyOnStartAsync(options, model, readiness, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                readiness.MarkReady();
            }

            return new WickTestServer(model, app, readiness, address);
        }
        catch
        {
            await model.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        await _model.DisposeAsync().ConfigureAwait(false);
    }
}
