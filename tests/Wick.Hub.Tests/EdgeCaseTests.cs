using Wick.Hub.Download;
using Wick.Hub.Errors;
using Wick.Hub.Files;
using Wick.Hub.Tests.Support;

namespace Wick.Hub.Tests;

/// <summary>Edge behaviours: each test names the one behaviour it pins down.</summary>
public sealed class EdgeCaseTests
{
    private const int Timeout = 60_000;

    [Fact(Timeout = Timeout)]
    public async Task Range_answer_without_a_content_range_header_starts_over()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var file = env.Hub.AddRepo("acme/t-GGUF").Add("t.gguf", 300_000, seed: 1);
        file.OmitContentRange = true;
        var blobs = Path.Combine(env.RepoFolder("acme/t-GGUF"), "blobs");
        Directory.CreateDirectory(blobs);
        await File.WriteAllBytesAsync(Path.Combine(blobs, file.Sha256 + ".incomplete"), file.Content[..1000], ct);
        using var store = env.Store();

        var result = await store.PullAsync(ModelReference.Parse("acme/t-GGUF"), null, ct);

        Assert.Equal(["bytes=1000-", null], env.Hub.RequestsTo("/cdn/").Select(r => r.Range));
        Assert.Equal(file.Content, await File.ReadAllBytesAsync(result.PrimaryPath, ct));
    }

    [Fact(Timeout = Timeout)]
    public async Task Gated_repo_answering_403_is_an_authentication_error()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var repo = env.Hub.AddRepo("acme/gated");
        repo.Private = true;
        repo.DeniedStatus = 403;
        using var store = env.Store(env.Options with { Token = "hf_not_accepted" });

        var error = await Assert.ThrowsAsync<HubAuthenticationException>(() => store.PullAsync(ModelReference.Parse("acme/gated"), null, ct));

        Assert.Equal(403, error.HubStatus);
        Assert.Contains("accepted its terms", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task Listing_server_error_names_the_repo_and_revision()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        env.Hub.AddRepo("acme/t-GGUF");
        env.Hub.ListingStatus = 502;
        using var store = env.Store();

        var error = await Assert.ThrowsAsync<HubUnavailableException>(() => store.PullAsync(ModelReference.Parse("acme/t-GGUF"), null, ct));

        Assert.Contains("answered 502 Bad Gateway for 'acme/t-GGUF' at revision 'main'; try again later", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task Pull_by_commit_writes_no_ref()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var repo = env.Hub.AddRepo("acme/t-GGUF");
        repo.Add("t.gguf", 100, seed: 2);
        using var store = env.Store();

        var result = await store.PullAsync(ModelReference.Parse("acme/t-GGUF@" + repo.Commit), null, ct);

        Assert.Equal(repo.Commit, result.Commit);
        Assert.False(Directory.Exists(Path.Combine(env.RepoFolder("acme/t-GGUF"), "refs")));
    }

    [Fact(Timeout = Timeout)]
    public async Task Ref_to_a_snapshot_that_is_gone_is_not_a_cache_hit()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var folder = env.RepoFolder("acme/t-GGUF");
        Directory.CreateDirectory(Path.Combine(folder, "refs"));
        await File.WriteAllTextAsync(Path.Combine(folder, "refs", "main"), new string('a', 40), ct);
        using var store = env.Store();

        Assert.Null(store.FindCached(ModelReference.Parse("acme/t-GGUF")));
    }

    [Fact(Timeout = Timeout)]
    public async Task Offline_pull_of_an_uncached_model_names_the_plain_pull_command()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        using var store = env.Store(env.Options with { Offline = true });

        var error = await Assert.ThrowsAsync<ModelNotCachedException>(() => store.PullAsync(ModelReference.Parse("acme/t-GGUF"), null, ct));

        Assert.Contains("run `wick models pull acme/t-GGUF` where", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task Repo_folder_without_blobs_or_locks_verifies_empty_and_is_removed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        Directory.CreateDirectory(Path.Combine(env.RepoFolder("acme/bare"), "snapshots"));
        using var store = env.Store();

        var report = await store.VerifyAsync("acme/bare", null, ct);
        var removed = store.Remove(ModelReference.Parse("acme/bare"));

        Assert.Empty(report.Checks);
        Assert.Equal(0, removed.BytesFreed);
        Assert.False(Directory.Exists(env.RepoFolder("acme/bare")));
    }

    [Fact(Timeout = Timeout)]
    public async Task Verify_checks_blobs_no_snapshot_links_to()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var blobs = Path.Combine(env.RepoFolder("acme/stray"), "blobs");
        Directory.CreateDirectory(blobs);
        byte[] content = [1, 2, 3];
        await File.WriteAllBytesAsync(Path.Combine(blobs, Sha.Of(content)), content, ct);
        using var store = env.Store();
        var progress = new ProgressRecorder();

        var check = Assert.Single((await store.VerifyAsync(null, progress, ct)).Checks);

        Assert.Equal(BlobStatus.Ok, check.Status);
        Assert.Empty(check.UsedBy);
        Assert.All(progress.Reports, r => Assert.Equal(Sha.Of(content), r.File));
    }

    [Fact(Timeout = Timeout)]
    public async Task Removing_a_revision_keeps_blobs_another_revision_still_links_to()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var repo = env.Hub.AddRepo("acme/t-GGUF");
        var file = repo.Add("t.gguf", 1000, seed: 3);
        using var store = env.Store();
        await store.PullAsync(ModelReference.Parse("acme/t-GGUF"), null, ct);
        repo.Commit = new string('5', 40);
        repo.Branches["dev"] = repo.Commit;
        await store.PullAsync(ModelReference.Parse("acme/t-GGUF@dev"), null, ct);

        var removed = store.Remove(ModelReference.Parse("acme/t-GGUF@main"));

        Assert.Equal(0, removed.BytesFreed);
        Assert.True(File.Exists(Path.Combine(env.RepoFolder("acme/t-GGUF"), "blobs", file.Sha256)));
        Assert.Equal("dev", Assert.Single(Assert.Single(store.List()).Refs));
        Assert.Equal(1, file.ByteGets);
    }

    [Fact]
    public void Integrity_errors_are_server_errors()
    {
        var error = new ModelIntegrityMismatchException("x");

        Assert.Equal((502, "server_error", "model_integrity_mismatch"), (error.HttpStatus, error.ErrorType, error.Code));
    }

    [Theory]
    [InlineData("Q4_K_M", "Q4_K_M.gguf")]
    [InlineData("Q8_0.gguf", "model-Q8_0.gguf")]
    [InlineData("Q8_0", "xQ8_0y.gguf")]
    public void Tags_match_at_the_start_the_end_or_inside_a_name(string tag, string file) =>
        Assert.Equal(file, Assert.Single(ModelFileSelector.Select("a/b", "main", [file, "other.gguf"], tag, allowMany: false)).PrimaryPath);

    [Fact]
    public void Unknown_progress_stages_print_nothing()
    {
        var writer = new StringWriter();

        new Cli.ProgressPrinter(writer, isTerminal: false).Report(new DownloadProgress("a/b", "f", (DownloadStage)99, 0, 1, 0, null));

        Assert.Empty(writer.ToString());
    }

    [Fact]
    public void Terminal_bar_of_an_empty_file_is_full()
    {
        var writer = new StringWriter();

        new Cli.ProgressPrinter(writer, isTerminal: true).Report(new DownloadProgress("a/b", "f", DownloadStage.Downloading, 0, 0, 0, null));

        Assert.Contains("[########################] 100%", writer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_progress_without_a_known_speed_leaves_out_the_eta()
    {
        var writer = new StringWriter();
        var printer = new Cli.ProgressPrinter(writer, isTerminal: false);

        printer.Report(new DownloadProgress("a/b", "f", DownloadStage.Downloading, 0, 10, 0, null));
        printer.Report(new DownloadProgress("a/b", "f", DownloadStage.Downloading, 5, 10, 0, null));

        Assert.EndsWith("f: 50% (5 B/10 B, 0 B/s)" + Environment.NewLine, writer.ToString(), StringComparison.Ordinal);
    }
}
