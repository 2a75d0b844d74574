using Wick.Hub.Download;
using Wick.Hub.Errors;
using Wick.Hub.Tests.Support;

namespace Wick.Hub.Tests;

public sealed class MaintenanceTests
{
    private const int Timeout = 60_000;

    private static async Task<(HubTestEnvironment Env, Fakes.FakeRepo Repo)> TwoQuantsAsync(CancellationToken ct)
    {
        var env = await HubTestEnvironment.StartAsync();
        var repo = env.Hub.AddRepo("acme/m-GGUF");
        repo.Add("m-Q4_K_M.gguf", 3000, seed: 1);
        repo.Add("m-Q8_0.gguf", 5000, seed: 2);
        repo.Add("README.md", 100, seed: 3, lfs: false);
        using var store = env.Store();
        await store.PullAsync(ModelReference.Parse("acme/m-GGUF:*"), null, ct);
        return (env, repo);
    }

    [Fact(Timeout = Timeout)]
    public async Task List_shows_every_cached_file_with_its_size_and_ref()
    {
        var ct = TestContext.Current.CancellationToken;
        var (env, repo) = await TwoQuantsAsync(ct);
        await using var _ = env;
        using var store = env.Store();

        var files = store.List();

        Assert.Equal(["README.md", "m-Q4_K_M.gguf", "m-Q8_0.gguf"], files.Select(f => f.Path));
        Assert.All(files, f => Assert.Equal(["main"], f.Refs));
        Assert.All(files, f => Assert.Equal(repo.Commit, f.Commit));
        Assert.Equal([100L, 3000L, 5000L], files.Select(f => f.Size));
        Assert.All(files, f => Assert.True(f.Present));
    }

    [Fact(Timeout = Timeout)]
    public async Task List_of_an_empty_or_absent_cache_is_empty()
    {
        await using var env = await HubTestEnvironment.StartAsync();
        Directory.CreateDirectory(Path.Combine(env.CacheDirectory, "not-a-model"));
        Directory.CreateDirectory(Path.Combine(env.CacheDirectory, "models--odd"));
        using var store = env.Store();
        using var absent = env.Store(env.Options with { CacheDirectory = Path.Combine(env.Root, "nothing") });

        Assert.Empty(store.List());
        Assert.Empty(absent.List());
        Assert.True((await absent.VerifyAsync(null, null, TestContext.Current.CancellationToken)).IsHealthy);
    }

    [Fact(Timeout = Timeout)]
    public async Task Verify_passes_a_healthy_cache_and_reports_progress()
    {
        var ct = TestContext.Current.CancellationToken;
        var (env, _) = await TwoQuantsAsync(ct);
        await using var _1 = env;
        using var store = env.Store();
        var progress = new ProgressRecorder();

        var report = await store.VerifyAsync(null, progress, ct);

        Assert.True(report.IsHealthy);
        Assert.Equal(3, report.Checks.Count);
        Assert.All(report.Checks, c => Assert.Equal(BlobStatus.Ok, c.Status));
        Assert.All(progress.Reports, r => Assert.Equal(DownloadStage.Verifying, r.Stage));
        Assert.Contains(progress.Reports, r => r.BytesDone == 5000);
    }

    [Fact(Timeout = Timeout)]
    public async Task Verify_detects_a_corrupted_blob_and_names_the_file_that_uses_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var (env, repo) = await TwoQuantsAsync(ct);
        await using var _ = env;
        var q8 = repo.Files["m-Q8_0.gguf"];
        var blob = Path.Combine(env.RepoFolder("acme/m-GGUF"), "blobs", q8.Sha256);
        await using (var stream = new FileStream(blob, FileMode.Open, FileAccess.Write))
        {
            stream.Position = 100;
            stream.WriteByte((byte)(q8.Content[100] ^ 1));
        }

        using var store = env.Store();

        var report = await store.VerifyAsync("acme/m-GGUF", null, ct);

        Assert.False(report.IsHealthy);
        var corrupt = Assert.Single(report.Checks, c => c.Status == BlobStatus.Corrupt);
        Assert.Equal(blob, corrupt.BlobPath);
        Assert.Equal([$"{repo.Commit}/m-Q8_0.gguf"], corrupt.UsedBy);
        Assert.NotEqual(q8.Sha256, corrupt.ActualHash);
    }

    [Fact(Timeout = Timeout)]
    public async Task Verify_reports_links_to_missing_blobs_and_skips_blobs_it_cannot_check()
    {
        var ct = TestContext.Current.CancellationToken;
        var (env, repo) = await TwoQuantsAsync(ct);
        await using var _ = env;
        var blobs = Path.Combine(env.RepoFolder("acme/m-GGUF"), "blobs");
        File.Delete(Path.Combine(blobs, repo.Files["m-Q4_K_M.gguf"].Sha256));
        await File.WriteAllTextAsync(Path.Combine(blobs, "hand-named"), "x", ct);
        await File.WriteAllTextAsync(Path.Combine(blobs, new string('f', 64) + ".incomplete"), "x", ct);
        using var store = env.Store();

        var report = await store.VerifyAsync(null, null, ct);

        Assert.False(report.IsHealthy);
        Assert.Equal([$"{repo.Commit}/m-Q4_K_M.gguf"], Assert.Single(report.Checks, c => c.Status == BlobStatus.Missing).UsedBy);
        Assert.Empty(Assert.Single(report.Checks, c => c.Status == BlobStatus.Unverifiable).UsedBy);
        Assert.Equal(5, report.Checks.Count + 1);
    }

    [Fact(Timeout = Timeout)]
    public async Task Verify_of_a_repo_that_is_not_cached_names_it()
    {
        await using var env = await HubTestEnvironment.StartAsync();
        using var store = env.Store();

        var error = await Assert.ThrowsAsync<ModelNotFoundException>(() => store.VerifyAsync("acme/none", null, TestContext.Current.CancellationToken));

        Assert.Contains("'acme/none' is not in the cache", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task Remove_of_a_whole_repo_deletes_its_folder_and_locks()
    {
        var ct = TestContext.Current.CancellationToken;
        var (env, _) = await TwoQuantsAsync(ct);
        await using var _1 = env;
        using var store = env.Store();

        var removed = store.Remove(ModelReference.Parse("acme/m-GGUF"));

        Assert.Equal(8100, removed.BytesFreed);
        Assert.Equal(3, removed.RemovedPaths.Count);
        Assert.False(Directory.Exists(env.RepoFolder("acme/m-GGUF")));
        Assert.False(Directory.Exists(Path.Combine(env.CacheDirectory, ".locks", "models--acme--m-GGUF")));
        Assert.Empty(store.List());
    }

    [Fact(Timeout = Timeout)]
    public async Task Remove_of_one_quant_keeps_the_others_and_frees_only_its_blob()
    {
        var ct = TestContext.Current.CancellationToken;
        var (env, repo) = await TwoQuantsAsync(ct);
        await using var _ = env;
        using var store = env.Store();

        var removed = store.Remove(ModelReference.Parse("acme/m-GGUF:Q8_0"));

        Assert.Equal(["m-Q8_0.gguf"], removed.RemovedPaths);
        Assert.Equal(5000, removed.BytesFreed);
        Assert.False(File.Exists(Path.Combine(env.RepoFolder("acme/m-GGUF"), "blobs", repo.Files["m-Q8_0.gguf"].Sha256)));
        Assert.Equal(["README.md", "m-Q4_K_M.gguf"], store.List().Select(f => f.Path));
    }

    [Fact(Timeout = Timeout)]
    public async Task Remove_of_every_file_removes_the_repo()
    {
        var ct = TestContext.Current.CancellationToken;
        var (env, _) = await TwoQuantsAsync(ct);
        await using var _1 = env;
        using var store = env.Store();

        var removed = store.Remove(ModelReference.Parse("acme/m-GGUF:*"));

        Assert.Equal(3, removed.RemovedPaths.Count);
        Assert.False(Directory.Exists(env.RepoFolder("acme/m-GGUF")));
    }

    [Fact(Timeout = Timeout)]
    public async Task Remove_of_a_revision_drops_its_snapshot_and_its_refs()
    {
        var ct = TestContext.Current.CancellationToken;
        var (env, repo) = await TwoQuantsAsync(ct);
        await using var _ = env;
        var oldCommit = repo.Commit;
        repo.Commit = new string('7', 40);
        repo.Branches["dev"] = repo.Commit;
        repo.Files.TryRemove("m-Q8_0.gguf", out var _q8);
        repo.Add("m-Q2_K.gguf", 700, seed: 4);
        using var store = env.Store();
        await store.PullAsync(ModelReference.Parse("acme/m-GGUF:Q2_K@dev"), null, ct);

        var removed = store.Remove(ModelReference.Parse("acme/m-GGUF@main"));

        Assert.Equal(3, removed.RemovedPaths.Count);
        Assert.Equal(8100, removed.BytesFreed);
        Assert.False(Directory.Exists(Path.Combine(env.RepoFolder("acme/m-GGUF"), "snapshots", oldCommit)));
        Assert.False(File.Exists(Path.Combine(env.RepoFolder("acme/m-GGUF"), "refs", "main")));
        var left = Assert.Single(store.List());
        Assert.Equal(("m-Q2_K.gguf", "dev"), (left.Path, left.Refs.Single()));
    }

    [Fact(Timeout = Timeout)]
    public async Task Remove_of_a_file_in_a_subfolder_cleans_the_empty_folder()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var repo = env.Hub.AddRepo("acme/s-GGUF");
        repo.Add("q4/s-Q4_K_M.gguf", 100, seed: 1);
        repo.Add("s-Q8_0.gguf", 100, seed: 2);
        using var store = env.Store();
        await store.PullAsync(ModelReference.Parse("acme/s-GGUF:*.gguf"), null, ct);

        store.Remove(ModelReference.Parse("acme/s-GGUF:Q4_K_M"));

        Assert.False(Directory.Exists(Path.Combine(env.RepoFolder("acme/s-GGUF"), "snapshots", repo.Commit, "q4")));
        Assert.Single(store.List());
    }

    [Fact(Timeout = Timeout)]
    public async Task Remove_of_what_is_not_cached_names_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var (env, _) = await TwoQuantsAsync(ct);
        await using var _1 = env;
        using var store = env.Store();

        var repoError = Assert.Throws<ModelNotFoundException>(() => store.Remove(ModelReference.Parse("acme/other")));
        var fileError = Assert.Throws<ModelNotFoundException>(() => store.Remove(ModelReference.Parse("acme/m-GGUF:Q2_K")));
        var revisionError = Assert.Throws<ModelNotFoundException>(() => store.Remove(ModelReference.Parse("acme/m-GGUF@v2")));
        var commitError = Assert.Throws<ModelNotFoundException>(() => store.Remove(ModelReference.Parse("acme/m-GGUF@" + new string('9', 40))));

        Assert.Equal(ModelNotFoundKind.Repository, repoError.Kind);
        Assert.Equal(ModelNotFoundKind.File, fileError.Kind);
        Assert.Contains("'Q2_K'", fileError.Message, StringComparison.Ordinal);
        Assert.Equal(ModelNotFoundKind.Revision, revisionError.Kind);
        Assert.Equal(ModelNotFoundKind.Revision, commitError.Kind);
        Assert.Equal(3, store.List().Count);
    }

    [Fact(Timeout = Timeout)]
    public async Task Ambiguous_remove_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        var (env, _) = await TwoQuantsAsync(ct);
        await using var _1 = env;
        using var store = env.Store();

        Assert.Throws<ModelSelectionException>(() => store.Remove(ModelReference.Parse("acme/m-GGUF:m-Q")));
        Assert.Equal(3, store.List().Count);
    }

    [Fact(Timeout = Timeout)]
    public async Task Listing_shows_a_link_whose_blob_is_gone_as_missing()
    {
        var ct = TestContext.Current.CancellationToken;
        var (env, repo) = await TwoQuantsAsync(ct);
        await using var _ = env;
        File.Delete(Path.Combine(env.RepoFolder("acme/m-GGUF"), "blobs", repo.Files["m-Q8_0.gguf"].Sha256));
        using var store = env.Store();

        var q8 = Assert.Single(store.List(), f => f.Path == "m-Q8_0.gguf");

        Assert.False(q8.Present);
        Assert.Equal(0, q8.Size);
    }
}
