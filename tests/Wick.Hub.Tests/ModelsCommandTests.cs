using System.CommandLine;
using Wick.Hub.Cli;
using Wick.Hub.Locking;
using Wick.Hub.Tests.Support;

namespace Wick.Hub.Tests;

public sealed class ModelsCommandTests
{
    private const int Timeout = 60_000;

    [Fact]
    public void Models_command_has_pull_list_verify_and_rm()
    {
        var command = ModelsCommand.Create();

        Assert.Equal("models", command.Name);
        Assert.Equal(["pull", "list", "verify", "rm"], command.Subcommands.Select(c => c.Name));
    }

    [Fact(Timeout = Timeout)]
    public async Task Pull_downloads_and_prints_where_the_files_are()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var repo = env.Hub.AddRepo("acme/m-GGUF");
        var file = repo.Add("m-Q4_K_M.gguf", 3000, seed: 1);
        repo.Add("m-Q8_0.gguf", 3000, seed: 2);

        var run = await env.RunAsync(["pull", "acme/m-GGUF", "--file", "Q4_K_M", "--revision", "main"], ct);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(string.Empty, run.Error);
        var snapshot = Path.Combine(env.RepoFolder("acme/m-GGUF"), "snapshots", repo.Commit, "m-Q4_K_M.gguf");
        Assert.Contains($"m-Q4_K_M.gguf -> {snapshot}", run.Output, StringComparison.Ordinal);
        Assert.Contains($"acme/m-GGUF@{repo.Commit}: {snapshot}", run.Output, StringComparison.Ordinal);
        Assert.Contains("m-Q4_K_M.gguf: downloading", run.Output, StringComparison.Ordinal);
        Assert.Contains("m-Q4_K_M.gguf: done", run.Output, StringComparison.Ordinal);
        Assert.Equal(file.Content, await File.ReadAllBytesAsync(snapshot, ct));
    }

    [Fact(Timeout = Timeout)]
    public async Task Pull_on_a_terminal_draws_a_progress_bar()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        env.Hub.AddRepo("acme/m-GGUF").Add("m.gguf", 3000, seed: 3);

        var run = await env.RunAsync(["pull", "acme/m-GGUF"], ct, isTerminal: true);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("\rm.gguf [", run.Output, StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task Pull_errors_exit_1_with_the_message()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var repo = env.Hub.AddRepo("acme/secret-GGUF");
        repo.Private = true;
        repo.Add("s.gguf", 100, seed: 4);

        var denied = await env.RunAsync(["pull", "acme/secret-GGUF"], ct);
        var variables = env.Variables();
        variables["HF_TOKEN"] = env.Hub.Token;
        var allowed = await env.RunAsync(["pull", "acme/secret-GGUF"], ct, variables);

        Assert.Equal(1, denied.ExitCode);
        Assert.StartsWith("error: 'acme/secret-GGUF' requires authentication (401): set HF_TOKEN", denied.Error, StringComparison.Ordinal);
        Assert.Equal(0, allowed.ExitCode);
    }

    [Theory(Timeout = Timeout)]
    [InlineData(new[] { "pull" }, "--locked")]
    [InlineData(new[] { "pull", "acme/m:Q4", "--file", "Q8" }, "not both")]
    [InlineData(new[] { "pull", "acme/m@v1", "--revision", "v2" }, "not both")]
    [InlineData(new[] { "pull", "nope" }, "is not a model reference")]
    public async Task Pull_usage_errors_say_what_to_do(string[] args, string hint)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();

        var run = await env.RunAsync(args, ct);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(hint, run.Error, StringComparison.Ordinal);
        Assert.Empty(env.Hub.Requests);
    }

    [Fact(Timeout = Timeout)]
    public async Task Pull_save_pins_files_and_pull_locked_installs_them_again()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var repo = env.Hub.AddRepo("acme/m-GGUF");
        var file = repo.Add("m.gguf", 3000, seed: 5);
        var lockPath = Path.Combine(env.Root, "models.lock.json");
        await File.WriteAllTextAsync(lockPath, """{"version":1,"models":[]}""", ct);

        var save = await env.RunAsync(["pull", "acme/m-GGUF", "--save", "--lock-file", lockPath], ct);
        var saveAgain = await env.RunAsync(["pull", "acme/m-GGUF", "--save", "--lock-file", lockPath], ct);
        var rm = await env.RunAsync(["rm", "acme/m-GGUF"], ct);
        var locked = await env.RunAsync(["pull", "--locked", "--lock-file", lockPath], ct);
        var lockedAgain = await env.RunAsync(["pull", "--locked", "--lock-file", lockPath, "m"], ct);

        Assert.Equal([0, 0, 0, 0, 0], new[] { save, saveAgain, rm, locked, lockedAgain }.Select(r => r.ExitCode));
        Assert.Contains($"pinned 1 file(s) in {lockPath}", save.Output, StringComparison.Ordinal);
        var entry = Assert.Single(ModelLockFile.Load(lockPath).Models);
        Assert.Equal((file.Sha256, repo.Commit), (entry.Sha256, entry.Revision));
        Assert.Contains("removed 1 file(s) of acme/m-GGUF, freed 2.9 KiB", rm.Output, StringComparison.Ordinal);
        Assert.Contains("m: ", locked.Output, StringComparison.Ordinal);
        Assert.Contains("(downloaded, sha256 " + file.Sha256 + ")", locked.Output, StringComparison.Ordinal);
        Assert.Contains("(already installed", lockedAgain.Output, StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task Pull_save_creates_a_missing_lock_file_and_pins_git_files_by_their_sha256()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var file = env.Hub.AddRepo("acme/m-GGUF").Add("m.gguf", 300, seed: 6, lfs: false);
        var lockPath = Path.Combine(env.Root, "nested", "models.lock.json");
        Directory.CreateDirectory(Path.GetDirectoryName(lockPath)!);

        var run = await env.RunAsync(["pull", "acme/m-GGUF", "--save", "--lock-file", lockPath], ct);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(Sha.Of(file.Content), Assert.Single(ModelLockFile.Load(lockPath).Models).Sha256);
    }

    [Fact(Timeout = Timeout)]
    public async Task Pull_locked_fails_on_a_sha_mismatch_and_installs_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var repo = env.Hub.AddRepo("acme/m-GGUF");
        var file = repo.Add("m.gguf", 3000, seed: 7);
        var lockPath = Path.Combine(env.Root, "models.lock.json");
        new ModelLockFile().Upsert(new ModelLockEntry { Name = "m", Source = "hf:acme/m-GGUF", Revision = repo.Commit, File = "m.gguf", Sha256 = new string('0', 64), Size = 3000 }).Save(lockPath);

        var run = await env.RunAsync(["pull", "--locked", "--lock-file", lockPath], ct);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("but the hub publishes " + file.Sha256, run.Error, StringComparison.Ordinal);
        Assert.Equal(0, file.ByteGets);
        Assert.False(Directory.Exists(Path.Combine(env.RepoFolder("acme/m-GGUF"), "blobs")));
    }

    [Theory(Timeout = Timeout)]
    [InlineData("""{"models":[]}""", null, "pins no models")]
    [InlineData("""{"models":[]}""", "x", "no entry named 'x'")]
    public async Task Pull_locked_with_nothing_to_install_is_an_error(string json, string? only, string message)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var lockPath = Path.Combine(env.Root, "models.lock.json");
        await File.WriteAllTextAsync(lockPath, json, ct);
        string[] args = only is null ? ["pull", "--locked", "--lock-file", lockPath] : ["pull", "--locked", "--lock-file", lockPath, only];

        var run = await env.RunAsync(args, ct);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task List_prints_a_table_or_says_the_cache_is_empty()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var repo = env.Hub.AddRepo("acme/m-GGUF");
        repo.Add("m.gguf", 3000, seed: 8);

        var empty = await env.RunAsync(["list"], ct);
        await env.RunAsync(["pull", "acme/m-GGUF"], ct);
        File.Delete(Path.Combine(env.RepoFolder("acme/m-GGUF"), "refs", "main"));
        var listed = await env.RunAsync(["list"], ct);

        Assert.Equal(0, empty.ExitCode);
        Assert.Contains("No models in the cache at ", empty.Output, StringComparison.Ordinal);
        var lines = listed.Output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("MODEL        FILE    SIZE     REVISION      PATH", lines[0], StringComparison.Ordinal);
        Assert.StartsWith($"acme/m-GGUF  m.gguf  2.9 KiB  {repo.Commit[..12]}  ", lines[1], StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task List_marks_files_whose_blob_is_gone()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var file = env.Hub.AddRepo("acme/m-GGUF").Add("m.gguf", 3000, seed: 9);
        await env.RunAsync(["pull", "acme/m-GGUF"], ct);
        File.Delete(Path.Combine(env.RepoFolder("acme/m-GGUF"), "blobs", file.Sha256));

        var run = await env.RunAsync(["list"], ct);

        Assert.Contains("m.gguf  missing  main", run.Output, StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task Verify_exits_0_on_a_healthy_cache_and_1_naming_a_corrupt_file()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var repo = env.Hub.AddRepo("acme/m-GGUF");
        var file = repo.Add("m.gguf", 3000, seed: 10);
        await env.RunAsync(["pull", "acme/m-GGUF"], ct);

        var healthy = await env.RunAsync(["verify"], ct);
        var blob = Path.Combine(env.RepoFolder("acme/m-GGUF"), "blobs", file.Sha256);
        await File.WriteAllBytesAsync(blob, new byte[3000], ct);
        await File.WriteAllTextAsync(Path.Combine(env.RepoFolder("acme/m-GGUF"), "blobs", "stray"), "x", ct);
        var corrupt = await env.RunAsync(["verify", "acme/m-GGUF"], ct);

        Assert.Equal(0, healthy.ExitCode);
        Assert.Contains($"ok           acme/m-GGUF  {repo.Commit}/m.gguf  {blob}", healthy.Output, StringComparison.Ordinal);
        Assert.Contains("1 blob(s) checked, 0 corrupt or missing.", healthy.Output, StringComparison.Ordinal);
        Assert.Equal(1, corrupt.ExitCode);
        Assert.Contains($"corrupt      acme/m-GGUF  {repo.Commit}/m.gguf  {blob} (content hashes to {Sha.Of(new byte[3000])})", corrupt.Output, StringComparison.Ordinal);
        Assert.Contains("unverifiable acme/m-GGUF  (no snapshot links to it)", corrupt.Output, StringComparison.Ordinal);
        Assert.Contains("wick models rm", corrupt.Error, StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task Rm_removes_a_quant_given_as_option()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var repo = env.Hub.AddRepo("acme/m-GGUF");
        repo.Add("m-Q4_K_M.gguf", 2048, seed: 11);
        repo.Add("m-Q8_0.gguf", 100, seed: 12);
        await env.RunAsync(["pull", "acme/m-GGUF:*"], ct);

        var run = await env.RunAsync(["rm", "acme/m-GGUF", "-f", "Q4_K_M"], ct);
        var missing = await env.RunAsync(["rm", "acme/zzz"], ct);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"removed 1 file(s) of acme/m-GGUF, freed 2.0 KiB{Environment.NewLine}", run.Output);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("'acme/zzz' is not in the cache", missing.Error, StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task File_system_errors_are_reported_not_thrown()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        env.Hub.AddRepo("acme/m-GGUF").Add("m.gguf", 100, seed: 13);
        var blocker = Path.Combine(env.Root, "blocker");
        await File.WriteAllTextAsync(blocker, "a file where the cache folder should be", ct);
        var variables = env.Variables();
        variables["HF_HUB_CACHE"] = blocker;

        var run = await env.RunAsync(["pull", "acme/m-GGUF"], ct, variables);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error: ", run.Error, StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task Without_a_terminal_setting_the_console_decides_and_other_writers_get_plain_lines()
    {
        var ct = TestContext.Current.CancellationToken;
        var command = ModelsCommand.Create(new ModelsCommandEnvironment(
            name => name == "HF_HUB_CACHE" ? Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N")) : null,
            TimeProvider.System,
            IsTerminal: null));
        var output = new StringWriter();

        var console = await command.Parse(["verify"]).InvokeAsync(cancellationToken: ct);
        var captured = await command.Parse(["verify"]).InvokeAsync(new InvocationConfiguration { Output = output }, ct);

        Assert.Equal((0, 0), (console, captured));
        Assert.Equal("0 blob(s) checked, 0 corrupt or missing." + Environment.NewLine, output.ToString());
    }

    [Fact(Timeout = Timeout)]
    public async Task Pull_takes_the_revision_from_the_reference()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var repo = env.Hub.AddRepo("acme/m-GGUF");
        repo.Add("m.gguf", 100, seed: 14);

        var run = await env.RunAsync(["pull", "acme/m-GGUF@" + repo.Commit, "--file", "m.gguf"], ct);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("/api/models/acme/m-GGUF/revision/" + repo.Commit, env.Hub.Requests.Select(r => r.Path));
    }
}
