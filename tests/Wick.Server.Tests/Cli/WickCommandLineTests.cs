using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Wick.Cli;
using Wick.Core.Models;
using Wick.Server.Tests.Support;

namespace Wick.Server.Tests.Cli;

/// <summary>The <c>wick</c> command line as users type it: verbs, help, exit codes and messages.</summary>
public sealed class WickCommandLineTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wick-cli-").FullName;
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    public void Dispose()
    {
        _output.Dispose();
        _error.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private Task<int> RunAsync(string[] args, CancellationToken ct) =>
        WickCommandLine.InvokeAsync(args, new InvocationConfiguration { Output = _output, Error = _error }, ct);

    private string Output => _output.ToString();

    private string Error => _error.ToString();

    [Fact(Timeout = 30_000)]
    public async Task Complete_prints_the_models_answer()
    {
        var exit = await RunAsync(["complete", "2+2=", "--max-tokens", "4", "--threads", "1"], TestContext.Current.CancellationToken);

        Assert.True(exit == 0, Error);
        Assert.Equal((2 + 2).ToString(CultureInfo.InvariantCulture), Output.Trim());
    }

    [Fact(Timeout = 30_000)]
    public async Task Certify_passes_on_the_shipped_model()
    {
        var exit = await RunAsync(["certify"], TestContext.Current.CancellationToken);

        Assert.True(exit == 0, Output + Error);
        Assert.Contains(ShippedModels.TinyArith.GgufPath, Output, StringComparison.Ordinal);
        Assert.Contains("PASS", Output, StringComparison.Ordinal);
        Assert.DoesNotContain("FAIL", Output, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task Certify_fails_with_exit_1_when_a_probe_expects_a_wrong_answer()
    {
        var probes = Path.Combine(_folder, "wrong.json");
        await File.WriteAllTextAsync(probes, """[{"name":"wrong on purpose","prompt":"2+2=","expect":"5","max_tokens":4}]""", TestContext.Current.CancellationToken);

        var exit = await RunAsync(["certify", "--probes", probes, "--time-limit", "20"], TestContext.Current.CancellationToken);

        Assert.Equal(1, exit);
        Assert.Contains("wrong on purpose", Output, StringComparison.Ordinal);
        Assert.Contains("FAIL", Output, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task Certify_fails_with_exit_1_and_a_message_when_the_probe_file_is_unusable()
    {
        var exit = await RunAsync(["certify", "--probes", Path.Combine(_folder, "missing.json")], TestContext.Current.CancellationToken);

        Assert.Equal(1, exit);
        Assert.StartsWith("certification failed: ", Error, StringComparison.Ordinal);
        Assert.Contains("missing.json", Error, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task Certify_fails_with_exit_1_for_a_model_without_probes_and_no_probes_flag()
    {
        var model = Path.Combine(_folder, "copy.gguf");
        File.Copy(ShippedModels.TinyArith.GgufPath, model);

        var exit = await RunAsync(["certify", "--model", model], TestContext.Current.CancellationToken);

        Assert.Equal(1, exit);
        Assert.Contains("pass --probes", Error, StringComparison.Ordinal);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("complete", "2+2=")]
    [InlineData("certify")]
    public async Task A_file_that_is_not_a_model_is_a_message_and_exit_1(params string[] args)
    {
        var notAModel = Path.Combine(_folder, "notes.gguf");
        await File.WriteAllTextAsync(notAModel, "these are notes, not weights", TestContext.Current.CancellationToken);

        var exit = await RunAsync([.. args, "--model", notAModel], TestContext.Current.CancellationToken);

        Assert.Equal(1, exit);
        Assert.StartsWith($"cannot load the model '{notAModel}': not a GGUF file", Error, StringComparison.Ordinal);
        Assert.Empty(Output);
    }

    [Fact(Timeout = 30_000)]
    public async Task Serve_on_a_port_in_use_is_a_message_and_exit_1()
    {
        using var busy = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var port = ((IPEndPoint)busy.LocalEndpoint).Port;

        var exit = await RunAsync(["serve", "--port", port.ToString(CultureInfo.InvariantCulture), "--parallel", "2"], TestContext.Current.CancellationToken);

        Assert.Equal(1, exit);
        Assert.StartsWith("wick serve: ", Error, StringComparison.Ordinal);
        Assert.Contains(port.ToString(CultureInfo.InvariantCulture), Error, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task Serve_with_an_unusable_probe_file_for_start_up_certification_is_a_message_and_exit_1()
    {
        var model = Path.Combine(_folder, "copy.gguf");
        File.Copy(ShippedModels.TinyArith.GgufPath, model);
        await File.WriteAllTextAsync(Path.Combine(_folder, "probes.json"), "{ not a probe list", TestContext.Current.CancellationToken);

        var exit = await RunAsync(["serve", "--model", model, "--port", "0", "--parallel", "2", "--certify-on-start", "true"], TestContext.Current.CancellationToken);

        Assert.Equal(1, exit);
        Assert.StartsWith("wick serve: Probe file ", Error, StringComparison.Ordinal);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("serve", "--api-key")]
    [InlineData("complete", "--max-tokens")]
    [InlineData("certify", "--probes")]
    public async Task Each_verb_has_help(string verb, string flag)
    {
        var exit = await RunAsync([verb, "--help"], TestContext.Current.CancellationToken);

        Assert.Equal(0, exit);
        Assert.Contains("Usage:", Output, StringComparison.Ordinal);
        Assert.Contains($" {verb} ", Output, StringComparison.Ordinal);
        Assert.Contains(flag, Output, StringComparison.Ordinal);
        Assert.Empty(Error);
    }

    [Fact(Timeout = 30_000)]
    public async Task The_root_help_lists_the_verbs()
    {
        var exit = await RunAsync(["--help"], TestContext.Current.CancellationToken);

        Assert.Equal(0, exit);
        Assert.All(["serve", "complete", "certify"], verb => Assert.Contains(verb, Output, StringComparison.Ordinal));
    }

    [Theory(Timeout = 30_000)]
    [InlineData("Cannot parse argument 'abc'", "wick complete --help", "complete", "2+2=", "--max-tokens", "abc")]
    [InlineData("Cannot parse argument 'eighty'", "wick serve --help", "serve", "--port", "eighty")]
    [InlineData("Cannot parse argument 'soon'", "wick certify --help", "certify", "--time-limit", "soon")]
    [InlineData("--no-such-flag", "wick serve --help", "serve", "--no-such-flag")]
    [InlineData("Required argument missing", "wick complete --help", "complete")]
    [InlineData("Required command was not provided", "wick --help")]
    public async Task A_command_line_that_does_not_parse_exits_with_2_and_says_why(string message, string hint, params string[] args)
    {
        var exit = await RunAsync(args, TestContext.Current.CancellationToken);

        Assert.Equal(2, exit);
        Assert.Contains(message, Error, StringComparison.Ordinal);
        Assert.Contains($"Run '{hint}' for usage.", Error, StringComparison.Ordinal);
        Assert.Empty(Output);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("Port", "serve", "--port", "70000")]
    [InlineData("Threads", "complete", "2+2=", "--threads", "-3")]
    [InlineData("does not exist", "certify", "--settings", "/nonexistent/appsettings.json")]
    [InlineData("does not exist", "serve", "--model", "/nonexistent/model.gguf")]
    public async Task Invalid_configuration_exits_with_2_and_lists_the_problem(string message, params string[] args)
    {
        var exit = await RunAsync(args, TestContext.Current.CancellationToken);

        Assert.Equal(2, exit);
        Assert.Contains("Invalid configuration:", Error, StringComparison.Ordinal);
        Assert.Contains(message, Error, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Serve_maps_every_flag_and_runs_until_cancelled()
    {
        var ct = TestContext.Current.CancellationToken;
        var port = LocalPorts.Free();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);

        var serving = RunAsync(
            [
                "serve", "--host", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--model-alias", "arith",
                "--api-key", "k1", "--api-key", "k2", "--ctx-size", "4096", "--parallel", "4", "--threads", "2", "--step-timeout", "10",
                "--request-timeout", "60", "--max-queued", "8", "--certify-on-start", "true",
            ],
            stop.Token);
        await LocalPorts.WaitUntilReadyAsync(port, serving, ct);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        using var refused = await http.GetAsync("v1/models", ct);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "k2");
        using var card = JsonDocument.Parse(await http.GetStringAsync("v1/models/arith", ct));
        await stop.CancelAsync();

        Assert.Equal(0, await serving);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(4096, card.RootElement.GetProperty("max_model_len").GetInt32());
    }

    [Fact(Timeout = 30_000)]
    public async Task The_program_entry_point_runs_the_command_line()
    {
        var entry = typeof(WickCommandLine).Assembly.EntryPoint ?? throw new InvalidOperationException("wick has no entry point");

        // Top-level statements compile to a synchronous Main that waits for the async one.
        var exit = await Task.Run(() => (int)entry.Invoke(null, [new[] { "certify", "--time-limit", "not-a-number" }])!, TestContext.Current.CancellationToken);

        Assert.Equal(2, exit);
    }
}
