using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Wick.Server.Tests.Support;

namespace Wick.Server.Tests.Clients;

/// <summary>
/// The official <c>openai</c> npm package as a second, independent client: <c>js/script.mjs</c> asks <c>2+2=</c> through
/// chat (plain and streamed) and legacy completions. <c>npm ci</c> runs once per checkout (node_modules is cached in
/// the folder and git-ignored).
/// </summary>
public sealed class JavaScriptClientTests(SharedServer shared)
{
    private static readonly SemaphoreSlim InstallGate = new(1, 1);

    [Fact(Timeout = 120_000)]
    public async Task The_openai_npm_package_gets_4_for_2_plus_2()
    {
        var ct = TestContext.Current.CancellationToken;
        if (FindOnPath("node") is null || FindOnPath("npm") is null)
        {
            Assert.Skip("node and npm are not on PATH: install Node.js 20+ (apt-get install nodejs npm) to run the JavaScript client check.");
        }

        var folder = FindScriptFolder();
        await EnsureInstalledAsync(folder, ct);

        var (exit, output, error) = await RunAsync("node", "script.mjs", folder, new() { ["WICK_BASE_URL"] = shared.Server.OpenAIEndpoint.ToString() }, ct);

        Assert.True(exit == 0, $"node script.mjs exited with {exit}: {error}");
        using var answers = JsonDocument.Parse(output);
        var four = (2 + 2).ToString(CultureInfo.InvariantCulture);
        Assert.Equal(shared.Server.Model.Id, answers.RootElement.GetProperty("model").GetString());
        Assert.Equal(four, answers.RootElement.GetProperty("chat").GetString());
        Assert.Equal(four, answers.RootElement.GetProperty("streamed").GetString());
        Assert.Equal(four, answers.RootElement.GetProperty("completion").GetString());
    }

    private static async Task EnsureInstalledAsync(string folder, CancellationToken ct)
    {
        await InstallGate.WaitAsync(ct);
        try
        {
            // npm ci writes this copy of the lock file last: when it matches the committed one, the install is complete.
            var installed = Path.Combine(folder, "node_modules", ".package-lock.json");
            if (File.Exists(installed) && File.Exists(Path.Combine(folder, "node_modules", "openai", "package.json"))
                && File.GetLastWriteTimeUtc(installed) >= File.GetLastWriteTimeUtc(Path.Combine(folder, "package-lock.json")))
            {
                return;
            }

            var (exit, _, error) = await RunAsync("npm", "ci --no-audit --no-fund", folder, [], ct);
            Assert.True(exit == 0, $"npm ci failed with {exit}: {error}");
        }
        finally
        {
            InstallGate.Release();
        }
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string program, string arguments, string folder, Dictionary<string, string> environment, CancellationToken ct)
    {
        var start = new ProcessStartInfo(FindOnPath(program)!, arguments)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        using var kill = ct.Register(() => process.Kill(entireProcessTree: true));
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return (process.ExitCode, await output, await error);
    }

    /// <summary>The source folder (not the build output, which holds a copy of the models but not the script).</summary>
    private static string FindScriptFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "Wick.Server.Tests", "js");
            if (File.Exists(Path.Combine(candidate, "script.mjs")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"tests/Wick.Server.Tests/js not found above {AppContext.BaseDirectory}");
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);
}
