using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Wick.Reliability.Tests.Infrastructure;

/// <summary>
/// The real <c>wick serve</c> as a child process (<c>dotnet wick.dll serve --port 0</c>): started, awaited until ready,
/// signalled with SIGTERM like a container runtime does, and killed if a test leaves it running.
/// </summary>
internal sealed partial class ServeProcess : IAsyncDisposable
{
    private const int SigTerm = 15;

    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();

    private ServeProcess(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; private set; }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>The last lines the server wrote (stdout and stderr), for failure messages.</summary>
    public string RecentOutput => string.Join("\n", output.TakeLast(40));

    /// <summary>Starts the server on a free loopback port and waits (bounded) until <c>/health/ready</c> answers 200.</summary>
    public static async Task<ServeProcess> StartAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var cli = RepoPaths.WickCli;
        Assert.True(File.Exists(cli), $"'{cli}' is missing: build tests/Wick.Reliability.Tests (it builds the CLI) in {RepoPaths.Configuration}.");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(), // no stray appsettings.json
        };
        foreach (var argument in new[] { cli, "serve", "--host", "127.0.0.1", "--port", "0", "--certify-on-start", "false" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var server = new ServeProcess(process, new Uri("http://127.0.0.1/"));
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is not { } line)
            {
                return;
            }

            server.output.Enqueue(line);
            while (server.output.Count > 400 && server.output.TryDequeue(out _))
            {
            }

            if (Listening().Match(line) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups[1].Value + "/"));
            }
        }

        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var exited = process.WaitForExitAsync(cancellationToken);
            var first = await Task.WhenAny(listening.Task, exited).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
            Assert.True(first == listening.Task, $"wick serve exited before listening:\n{server.RecentOutput}");
            server.BaseAddress = await listening.Task;
            using var probe = new HttpClient { BaseAddress = server.BaseAddress };
            await Wait.UntilAsync(
                async () => (await probe.GetAsync(new Uri("health/ready", UriKind.Relative), cancellationToken)).IsSuccessStatusCode,
                TimeSpan.FromSeconds(60),
                "wick serve to report ready",
                cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends SIGTERM, as <c>kill -TERM</c> or a container runtime would.</summary>
    public void Terminate() => Assert.Equal(0, Kill(process.Id, SigTerm));

    /// <summary>Waits (bounded) for the process to exit and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        await process.WaitForExitAsync(cancellationToken).WaitAsync(limit, cancellationToken);
        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        }

        process.Dispose();
    }

    [GeneratedRegex(@"Serving \S+ on (http://[^\s,]+)")]
    private static partial Regex Listening();

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
