using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Wick.Core.Certification;
using Wick.Core.Models;
using Wick.TestSupport.Server;

namespace Wick.Certification.Tests;

/// <summary>
/// The build's proof that inference works: the shipped tiny model answers through the real llama.cpp engine and the
/// real HTTP server. The whole certification must finish within 30 s; it records how long it took.
/// </summary>
public sealed class InferenceCertificationTests
{
    private static readonly TimeSpan Ceiling = TimeSpan.FromSeconds(30);

    [Fact(Timeout = 30_000)]
    public async Task Tiny_model_is_certified_through_the_real_http_stack_within_30_seconds()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = Stopwatch.StartNew();
        await using var server = await WickTestServer.StartAsync(ct);
        using var http = server.CreateClient();

        // 1. The certification prompt through chat completions, temperature 0.
        using var chat = await http.PostAsJsonAsync(
            "v1/chat/completions",
            new { model = server.Model.Id, temperature = 0, max_tokens = 8, messages = new[] { new { role = "user", content = "2+2=" } } },
            ct);
        Assert.True(chat.IsSuccessStatusCode, await chat.Content.ReadAsStringAsync(ct));
        using var answer = JsonDocument.Parse(await chat.Content.ReadAsStringAsync(ct));
        var content = answer.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();
        Assert.Equal((2 + 2).ToString(System.Globalization.CultureInfo.InvariantCulture), content);

        // 2. The probe table (sums, held-out sums, differences, products) through completions.
        var probes = ProbeSet.Load(Path.Combine(Path.GetDirectoryName(ShippedModels.TinyArith.GgufPath)!, "probes.json"));
        var report = await CertificationRunner.RunAsync(probes, new HttpProbeClient(http).CompleteAsync, Ceiling - clock.Elapsed, TimeProvider.System, ct);
        clock.Stop();

        Assert.True(report.Passed, report.ToTable());
        Assert.True(clock.Elapsed < Ceiling, $"certification took {clock.Elapsed.TotalSeconds:F1} s, over the {Ceiling.TotalSeconds} s ceiling");
        CertificationRecord.Write("http", clock.Elapsed, report);
    }
}
