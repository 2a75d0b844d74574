using Wick.Hub.Download;
using Wick.Hub.Errors;
using Wick.Hub.Tests.Support;

namespace Wick.Hub.Tests;

public sealed class CacheTests
{
    private const int Timeout = 60_000;

    [Fact(Timeout = Timeout)]
    public async Task Cache_built_by_hand_in_the_hugging_face_layout_is_found_without_asking_the_hub()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        // What huggingface-cli leaves behind: blobs named by sha256, relative snapshot links, refs/main.
        var content = "GGUF hand-made"u8.ToArray();
        var sha = Sha.Of(content);
        const string commit = "0123456789abcdef0123456789abcdef01234567";
        var folder = env.RepoFolder("acme/hand-GGUF");
        Directory.CreateDirectory(Path.Combine(folder, "blobs"));
        await File.WriteAllBytesAsync(Path.Combine(folder, "blobs", sha), content, ct);
        Directory.CreateDirectory(Path.Combine(folder, "snapshots", commit, "q4"));
        File.CreateSymbolicLink(Path.Combine(folder, "snapshots", commit, "q4", "hand-Q4_K_M.gguf"), "../../../blobs/" + sha);
        Directory.CreateDirectory(Path.Combine(folder, "refs"));
        await File.WriteAllTextAsync(Path.Combine(folder, "refs", "main"), commit, ct);

        var path = await ModelResolver.ResolveAsync("acme/hand-GGUF:Q4_K_M", allowDownload: true, env.Options, null, ct);

        Assert.Empty(env.Hub.Requests);
        Assert.Equal(Path.Combine(folder, "snapshots", commit, "q4", "hand-Q4_K_M.gguf"), path);
        Assert.Equal(content, await File.ReadAllBytesAsync(path, ct));
    }

    [Fact(Timeout = Timeout)]
    public async Task Cache_built_by_hand_is_found_by_commit_without_a_ref()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        const string commit = "89abcdef0123456789abcdef0123456789abcdef";
        var folder = env.RepoFolder("acme/hand-GGUF");
        Directory.CreateDirectory(Path.Combine(folder, "blobs"));
        await File.WriteAllBytesAsync(Path.Combine(folder, "blobs", "b"), [1, 2, 3], ct);
        Directory.CreateDirectory(Path.Combine(folder, "snapshots", commit));
        File.CreateSymbolicLink(Path.Combine(folder, "snapshots", commit, "hand.gguf"), "../../blobs/b");

        var path = await ModelResolver.ResolveAsync($"acme/hand-GGUF@{commit}", allowDownload: false, env.Options, null, ct);

        Assert.Empty(env.Hub.Requests);
        Assert.EndsWith("hand.gguf", path, StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task Pulled_files_are_found_by_the_resolver_offline_without_requests()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        env.Hub.AddRepo("acme/tiny-GGUF").Add("tiny-Q8_0.gguf", 1000, seed: 1);
        using (var store = env.Store())
        {
            await store.PullAsync(ModelReference.Parse("acme/tiny-GGUF"), null, ct);
        }

        var before = env.Hub.Requests.Count;
        var offline = env.Options with { Offline = true };

        var resolved = await ModelResolver.ResolveAsync("acme/tiny-GGUF:Q8_0", allowDownload: true, offline, null, ct);
        using var offlineStore = env.Store(offline);
        var pulled = await offlineStore.PullAsync(ModelReference.Parse("acme/tiny-GGUF"), null, ct);

        Assert.Equal(before, env.Hub.Requests.Count);
        Assert.Equal(resolved, pulled.PrimaryPath);
        Assert.False(Assert.Single(pulled.Files).Downloaded);
    }

    [Fact(Timeout = Timeout)]
    public async Task Offline_without_a_cached_file_fails_naming_HF_HUB_OFFLINE_and_the_pull_command()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        env.Hub.AddRepo("acme/tiny-GGUF").Add("tiny-Q8_0.gguf", 1000, seed: 2);

        var error = await Assert.ThrowsAsync<ModelNotCachedException>(() =>
            ModelResolver.ResolveAsync("acme/tiny-GGUF:Q8_0@v1", allowDownload: true, env.Options with { Offline = true }, null, ct));

        Assert.Empty(env.Hub.Requests);
        Assert.Contains("HF_HUB_OFFLINE", error.Message, StringComparison.Ordinal);
        Assert.Contains("wick models pull acme/tiny-GGUF --file Q8_0 --revision v1", error.Message, StringComparison.Ordinal);
        Assert.Equal(503, error.HttpStatus);
        Assert.Equal("model_not_cached", error.Code);
        Assert.Equal("server_error", error.ErrorType);
    }

    [Fact(Timeout = Timeout)]
    public async Task Resolver_without_downloads_fails_for_an_uncached_model()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();

        var error = await Assert.ThrowsAsync<ModelNotCachedException>(() =>
            ModelResolver.ResolveAsync("acme/tiny-GGUF", allowDownload: false, env.Options, null, ct));

        Assert.Contains("downloads are turned off", error.Message, StringComparison.Ordinal);
        Assert.Contains("wick models pull acme/tiny-GGUF", error.Message, StringComparison.Ordinal);
        Assert.Empty(env.Hub.Requests);
    }

    [Fact(Timeout = Timeout)]
    public async Task Resolver_pulls_what_is_not_cached_and_reports_progress()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var file = env.Hub.AddRepo("acme/tiny-GGUF").Add("tiny.gguf", 1000, seed: 3);
        var progress = new ProgressRecorder();

        var path = await ModelResolver.ResolveAsync("acme/tiny-GGUF", allowDownload: true, env.Options, progress, ct);

        Assert.Equal(file.Content, await File.ReadAllBytesAsync(path, ct));
        Assert.True(progress.Saw(DownloadStage.Completed));
    }

    [Fact(Timeout = Timeout)]
    public async Task Resolver_returns_shard_one_of_a_split_model_with_its_siblings_beside_it()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var repo = env.Hub.AddRepo("acme/big-GGUF");
        var shards = Enumerable.Range(1, 3).Select(i => repo.Add($"Q4_K_M/big-Q4_K_M-{i:D5}-of-00003.gguf", 2000 + i, seed: i)).ToList();
        repo.Add("big-Q8_0.gguf", 100, seed: 9);

        var path = await ModelResolver.ResolveAsync("acme/big-GGUF:Q4_K_M", allowDownload: true, env.Options, null, ct);

        Assert.EndsWith("big-Q4_K_M-00001-of-00003.gguf", path, StringComparison.Ordinal);
        foreach (var shard in shards)
        {
            var sibling = Path.Combine(Path.GetDirectoryName(path)!, Path.GetFileName(shard.Path));
            Assert.Equal(shard.Content, await File.ReadAllBytesAsync(sibling, ct));
        }

        Assert.DoesNotContain(env.Hub.RequestsTo("/acme/big-GGUF/resolve/"), r => r.Path.Contains("Q8_0", StringComparison.Ordinal));
    }

    [Fact(Timeout = Timeout)]
    public async Task Split_model_with_a_shard_missing_on_the_hub_is_refused_before_downloading()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var repo = env.Hub.AddRepo("acme/big-GGUF");
        repo.Add("big-00001-of-00002.gguf", 100, seed: 1);
        using var store = env.Store();

        var error = await Assert.ThrowsAsync<ModelSelectionException>(() => store.PullAsync(ModelReference.Parse("acme/big-GGUF"), null, ct));

        Assert.Equal(["big-00002-of-00002.gguf"], error.Candidates);
        Assert.Empty(env.Hub.RequestsTo("/cdn/"));
    }

    [Fact(Timeout = Timeout)]
    public async Task Split_model_with_a_shard_missing_from_the_cache_is_pulled_again()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var repo = env.Hub.AddRepo("acme/big-GGUF");
        repo.Add("big-00001-of-00002.gguf", 100, seed: 1);
        repo.Add("big-00002-of-00002.gguf", 100, seed: 2);
        var path = await ModelResolver.ResolveAsync("acme/big-GGUF", allowDownload: true, env.Options, null, ct);
        File.Delete(Path.Combine(Path.GetDirectoryName(path)!, "big-00002-of-00002.gguf"));

        var again = await ModelResolver.ResolveAsync("acme/big-GGUF", allowDownload: true, env.Options, null, ct);

        Assert.Equal(path, again);
        Assert.Equal(2, env.Hub.RequestsTo("/api/").Count);
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(path)!, "big-00002-of-00002.gguf")));
    }

    [Fact(Timeout = Timeout)]
    public async Task Snapshot_link_to_a_deleted_blob_does_not_count_as_cached()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var file = env.Hub.AddRepo("acme/tiny-GGUF").Add("tiny.gguf", 1000, seed: 4);
        var path = await ModelResolver.ResolveAsync("acme/tiny-GGUF", allowDownload: true, env.Options, null, ct);
        File.Delete(Path.Combine(env.RepoFolder("acme/tiny-GGUF"), "blobs", file.Sha256));

        var again = await ModelResolver.ResolveAsync("acme/tiny-GGUF", allowDownload: true, env.Options, null, ct);

        Assert.Equal(path, again);
        Assert.Equal(2, file.ByteGets);
        Assert.Equal(file.Content, await File.ReadAllBytesAsync(again, ct));
    }

    [Fact(Timeout = Timeout)]
    public async Task Ambiguous_cached_models_are_an_error_even_offline()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var repo = env.Hub.AddRepo("acme/m-GGUF");
        repo.Add("m-Q4_K_M.gguf", 100, seed: 1);
        repo.Add("m-Q8_0.gguf", 100, seed: 2);
        using (var store = env.Store())
        {
            await store.PullAsync(ModelReference.Parse("acme/m-GGUF:*.gguf"), null, ct);
        }

        var error = await Assert.ThrowsAsync<ModelSelectionException>(() =>
            ModelResolver.ResolveAsync("acme/m-GGUF", allowDownload: false, env.Options with { Offline = true }, null, ct));

        Assert.Equal(["m-Q4_K_M.gguf", "m-Q8_0.gguf"], error.Candidates);
    }

    [Fact(Timeout = Timeout)]
    public async Task Cached_snapshot_without_the_selected_file_is_not_a_hit()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var repo = env.Hub.AddRepo("acme/m-GGUF");
        repo.Add("m-Q4_K_M.gguf", 100, seed: 1);
        repo.Add("m-Q8_0.gguf", 100, seed: 2);
        await ModelResolver.ResolveAsync("acme/m-GGUF:Q8_0", allowDownload: true, env.Options, null, ct);

        var error = await Assert.ThrowsAsync<ModelNotCachedException>(() =>
            ModelResolver.ResolveAsync("acme/m-GGUF:Q4_K_M", allowDownload: false, env.Options, null, ct));

        Assert.Contains("acme/m-GGUF:Q4_K_M", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task Local_gguf_path_is_returned_as_a_full_path()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".gguf");
        await File.WriteAllBytesAsync(path, [1], ct);
        try
        {
            Assert.Equal(path, await ModelResolver.ResolveAsync(path, allowDownload: false, ct));
            Assert.Equal(path, await ModelResolver.ResolveAsync(path, false, new HubOptions { CacheDirectory = "/nonexistent" }, null, ct));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory(Timeout = Timeout)]
    [InlineData("./missing-model.gguf")]
    [InlineData("~/missing-model.gguf")]
    public async Task Missing_local_gguf_is_named(string reference)
    {
        var ct = TestContext.Current.CancellationToken;

        var error = await Assert.ThrowsAsync<ModelNotFoundException>(() => ModelResolver.ResolveAsync(reference, allowDownload: true, ct));

        Assert.Equal(ModelNotFoundKind.LocalFile, error.Kind);
        Assert.Contains("missing-model.gguf' does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task Environment_overload_parses_hub_references()
    {
        var ct = TestContext.Current.CancellationToken;

        // No HF_HUB_OFFLINE games: a malformed reference fails before any lookup.
        await Assert.ThrowsAsync<InvalidModelReferenceException>(() => ModelResolver.ResolveAsync("not a reference", allowDownload: false, ct));
    }
}
