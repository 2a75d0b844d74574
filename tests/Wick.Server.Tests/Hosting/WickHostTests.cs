using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Wick.Core.Gguf;
using Wick.Core.Models;
using Wick.Server.Configuration;
using Wick.Server.Hosting;
using Wick.Server.Serving;
using Wick.Server.Tests.Support;

namespace Wick.Server.Tests.Hosting;

/// <summary>Loading, start-up certification and serving as <c>wick serve</c> does it, on copies of the shipped model.</summary>
public sealed class WickHostTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wick-host-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A copy of the tiny model, with the given probes file beside it (or none).</summary>
    private string CopyOfTinyModel(string? probesJson)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder, Guid.NewGuid().ToString("N"))).FullName;
        var path = Path.Combine(folder, "arith-copy.gguf");
        File.Copy(ShippedModels.TinyArith.GgufPath, path);
        if (probesJson is not null)
        {
            File.WriteAllText(Path.Combine(folder, "probes.json"), probesJson);
        }

        return path;
    }

    private static async Task<Readiness> CertifyOnStartAsync(WickOptions options, CancellationToken ct)
    {
        await using var model = await WickHost.LoadAsync(options, NullLoggerFactory.Instance, ct);
        var readiness = new Readiness();
        Assert.False(readiness.IsReady);
        await WickHost.CertifyOnStartAsync(options, model, readiness, NullLogger.Instance, ct);
        return readiness;
    }

    [Fact(Timeout = 30_000)]
    public async Task The_embedded_model_is_certified_before_it_is_ready()
    {
        var readiness = await CertifyOnStartAsync(new WickOptions { MaxSequences = 4 }, TestContext.Current.CancellationToken);

        Assert.True(readiness.IsReady, readiness.NotReadyReason);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_model_given_by_path_is_ready_without_certification_unless_asked()
    {
        var path = CopyOfTinyModel(probesJson: null);

        var readiness = await CertifyOnStartAsync(new WickOptions { Model = path, MaxSequences = 2 }, TestContext.Current.CancellationToken);

        Assert.True(readiness.IsReady);
    }

    [Fact(Timeout = 30_000)]
    public async Task Certification_asked_for_a_model_without_probes_leaves_the_server_unready()
    {
        var path = CopyOfTinyModel(probesJson: null);

        var readiness = await CertifyOnStartAsync(new WickOptions { Model = path, MaxSequences = 2, CertifyOnStart = true }, TestContext.Current.CancellationToken);

        Assert.False(readiness.IsReady);
        Assert.Contains("no probes.json", readiness.NotReadyReason, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task Failed_start_up_certification_leaves_the_server_unready_with_the_score()
    {
        var path = CopyOfTinyModel("""[{"name":"wrong on purpose","prompt":"2+2=","expect":"5","max_tokens":4}]""");

        var readiness = await CertifyOnStartAsync(new WickOptions { Model = path, MaxSequences = 2, CertifyOnStart = true }, TestContext.Current.CancellationToken);

        Assert.False(readiness.IsReady);
        Assert.Equal("start-up certification failed: 0/1 probes passed", readiness.NotReadyReason);
    }

    [Fact(Timeout = 60_000)]
    public async Task Serve_runs_a_model_without_a_chat_template_until_cancelled()
    {
        var ct = TestContext.Current.CancellationToken;
        var model = SyntheticModels.Ensure("tiny", GgmlType.F32, _folder);
        Assert.Null(GgufFile.Read(model.Path).ChatTemplate);
        var port = LocalPorts.Free();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);

        var serving = WickHost.ServeAsync(new WickOptions { Model = model.Path, Port = port, MaxSequences = 2 }, stop.Token);
        await LocalPorts.WaitUntilReadyAsync(port, serving, ct);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        using var models = JsonDocument.Parse(await http.GetStringAsync("v1/models", ct));
        using var chat = await http.PostAsync("v1/chat/completions", Api.Json(Api.Chat("hello", maxTokens: 3)), ct);
        await stop.CancelAsync();

        Assert.Equal(0, await serving);
        Assert.Equal(Path.GetFileNameWithoutExtension(model.Path), models.RootElement.GetProperty("data")[0].GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.OK, chat.StatusCode); // rendered with the ChatML fallback
        await Assert.ThrowsAsync<ArgumentNullException>(() => WickHost.ServeAsync(null!, ct));
    }
}
