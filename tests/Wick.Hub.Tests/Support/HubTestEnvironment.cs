using System.CommandLine;
using Wick.Hub.Cli;
using Wick.Hub.Tests.Fakes;

namespace Wick.Hub.Tests.Support;

/// <summary>A fake hub, an empty cache folder of its own, and options that point at both (no retry pause, fast lock
/// polling). Disposing stops the hub and deletes the folder.</summary>
internal sealed class HubTestEnvironment : IAsyncDisposable
{
    private HubTestEnvironment(FakeHub hub, string root)
    {
        Hub = hub;
        Root = root;
        Options = new HubOptions
        {
            Endpoint = hub.Endpoint,
            CacheDirectory = Path.Combine(root, "hf", "hub"),
            RetryDelay = TimeSpan.Zero,
            LockPollInterval = TimeSpan.FromMilliseconds(10),
            StallTimeout = TimeSpan.FromSeconds(30),
        };
    }

    public FakeHub Hub { get; }

    /// <summary>A scratch folder for this test (the cache is under <c>hf/hub</c> in it).</summary>
    public string Root { get; }

    public HubOptions Options { get; set; }

    public string CacheDirectory => Options.CacheDirectory;

    public static async Task<HubTestEnvironment> StartAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), "wick-hub-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        return new HubTestEnvironment(await FakeHub.StartAsync(TestContext.Current.CancellationToken), root);
    }

    public ModelStore Store(HubOptions? options = null) => new(options ?? Options);

    public string RepoFolder(string repoId) => Path.Combine(CacheDirectory, "models--" + repoId.Replace("/", "--", StringComparison.Ordinal));

    /// <summary>The environment variables the CLI sees: HF_HOME under this test's folder, HF_ENDPOINT at the fake hub.</summary>
    public Dictionary<string, string> Variables() => new(StringComparer.Ordinal)
    {
        ["HF_HOME"] = Path.Combine(Root, "hf"),
        ["HF_ENDPOINT"] = Hub.Endpoint.AbsoluteUri,
        ["HOME"] = Root,
    };

    /// <summary>Runs <c>wick models ...</c> with <paramref name="variables"/> (default <see cref="Variables"/>) and
    /// returns the exit code with what was written to output and error.</summary>
    public async Task<CliRun> RunAsync(string[] args, CancellationToken cancellationToken, IDictionary<string, string>? variables = null, bool isTerminal = false)
    {
        var vars = variables ?? Variables();
        var command = ModelsCommand.Create(new ModelsCommandEnvironment(
            name => vars.TryGetValue(name, out var value) ? value : null,
            TimeProvider.System,
            isTerminal,
            o => o with { RetryDelay = TimeSpan.Zero, LockPollInterval = TimeSpan.FromMilliseconds(10) }));
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await command.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        await Hub.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a failed test: leave it to the temp cleaner.
        }
    }
}
