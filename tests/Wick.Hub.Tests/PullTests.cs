using Wick.Hub.Download;
using Wick.Hub.Errors;
using Wick.Hub.Tests.Support;

namespace Wick.Hub.Tests;

public sealed class PullTests
{
    private const int Timeout = 60_000;
    private const int Size = 3 * 1024 * 1024 + 123;

    [Fact(Timeout = Timeout)]
    public async Task Fresh_pull_stores_the_file_in_the_hugging_face_cache_layout()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var repo = env.Hub.AddRepo("acme/tiny-GGUF");
        var file = repo.Add("tiny-Q4_K_M.gguf", Size, seed: 1);
        using var store = env.Store();
        var progress = new ProgressRecorder();

        var result = await store.PullAsync(ModelReference.Parse("acme/tiny-GGUF:Q4_K_M"), progress, ct);

        var folder = env.RepoFolder("acme/tiny-GGUF");
        var sha = Sha.Of(file.Content);
        var blob = Path.Combine(folder, "blobs", sha);
        var link = Path.Combine(folder, "snapshots", repo.Commit, "tiny-Q4_K_M.gguf");
        Assert.Equal(file.Content, await File.ReadAllBytesAsync(blob, ct));
        Assert.Equal(Path.Combine("..", "..", "blobs", sha), new FileInfo(link).LinkTarget);
        Assert.Equal(repo.Commit, await File.ReadAllTextAsync(Path.Combine(folder, "refs", "main"), ct));
        Assert.Equal(link, result.PrimaryPath);
        Assert.Equal(repo.Commit, result.Commit);
        var pulled = Assert.Single(result.Files);
        Assert.True(pulled.Downloaded);
        Assert.Equal(Size, pulled.Size);
        Assert.Empty(Directory.GetFiles(Path.Combine(folder, "blobs"), "*.incomplete"));
        Assert.True(progress.Saw(DownloadStage.Verifying));
        Assert.Equal(DownloadStage.Completed, progress.Reports.Last().Stage);
        Assert.Equal(Size, progress.Reports.Where(r => r.Stage == DownloadStage.Downloading).Max(r => r.BytesDone));
    }

    [Fact(Timeout = Timeout)]
    public async Task Second_pull_reuses_the_blob_without_downloading_again()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var file = env.Hub.AddRepo("acme/tiny-GGUF").Add("tiny.gguf", 1000, seed: 2);
        using var store = env.Store();
        await store.PullAsync(ModelReference.Parse("acme/tiny-GGUF"), null, ct);
        var progress = new ProgressRecorder();

        var again = await store.PullAsync(ModelReference.Parse("acme/tiny-GGUF"), progress, ct);

        Assert.Equal(1, file.ByteGets);
        Assert.False(Assert.Single(again.Files).Downloaded);
        Assert.Equal(DownloadStage.Reused, Assert.Single(progress.Reports).Stage);
    }

    [Fact(Timeout = Timeout)]
    public async Task Pull_that_the_server_cuts_off_resumes_with_a_range_request_and_verifies()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var file = env.Hub.AddRepo("acme/tiny-GGUF").Add("tiny.gguf", Size, seed: 3);
        file.CutAfterBytes = Size / 2;
        file.CutTimes = 1;
        var progress = new ProgressRecorder();
        file.BeforeCut = () => progress.WhenDownloaded(Size / 2);
        using var store = env.Store();

        var result = await store.PullAsync(ModelReference.Parse("acme/tiny-GGUF"), progress, ct);

        var ranges = env.Hub.RequestsTo("/cdn/").Select(r => r.Range).ToList();
        Assert.Equal(2, ranges.Count);
        Assert.Null(ranges[0]);
        Assert.Equal($"bytes={Size / 2}-", ranges[1]);
        Assert.Equal(Size / 2, (await progress.WhenStage(DownloadStage.Resuming)).BytesDone);
        Assert.Equal(Sha.Of(file.Content), Sha.OfFile(result.PrimaryPath));
    }

    [Fact(Timeout = Timeout)]
    public async Task Partial_download_left_by_an_earlier_run_is_resumed_not_restarted()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var file = env.Hub.AddRepo("acme/tiny-GGUF").Add("tiny.gguf", Size, seed: 4);
        var blobs = Path.Combine(env.RepoFolder("acme/tiny-GGUF"), "blobs");
        Directory.CreateDirectory(blobs);
        await File.WriteAllBytesAsync(Path.Combine(blobs, file.Sha256 + ".incomplete"), file.Content[..1000], ct);
        using var store = env.Store();

        var result = await store.PullAsync(ModelReference.Parse("acme/tiny-GGUF"), null, ct);

        Assert.Equal("bytes=1000-", Assert.Single(env.Hub.RequestsTo("/cdn/")).Range);
        Assert.Equal(file.Content, await File.ReadAllBytesAsync(result.PrimaryPath, ct));
    }

    [Fact(Timeout = Timeout)]
    public async Task Partial_download_longer_than_the_file_is_discarded_and_fetched_whole()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var file = env.Hub.AddRepo("acme/tiny-GGUF").Add("tiny.gguf", 5000, seed: 5);
        var blobs = Path.Combine(env.RepoFolder("acme/tiny-GGUF"), "blobs");
        Directory.CreateDirectory(blobs);
        await File.WriteAllBytesAsync(Path.Combine(blobs, file.Sha256 + ".incomplete"), new byte[6000], ct);
        using var store = env.Store();

        var result = await store.PullAsync(ModelReference.Parse("acme/tiny-GGUF"), null, ct);

        Assert.Null(Assert.Single(env.Hub.RequestsTo("/cdn/")).Range);
        Assert.Equal(file.Content, await File.ReadAllBytesAsync(result.PrimaryPath, ct));
    }

    [Fact(Timeout = Timeout)]
    public async Task Complete_partial_download_is_verified_without_another_request()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var file = env.Hub.AddRepo("acme/tiny-GGUF").Add("tiny.gguf", 5000, seed: 6);
        var blobs = Path.Combine(env.RepoFolder("acme/tiny-GGUF"), "blobs");
        Directory.CreateDirectory(blobs);
        await File.WriteAllBytesAsync(Path.Combine(blobs, file.Sha256 + ".incomplete"), file.Content, ct);
        using var store = env.Store();

        var result = await store.PullAsync(ModelReference.Parse("acme/tiny-GGUF"), null, ct);

        Assert.Empty(env.Hub.RequestsTo("/cdn/"));
        Assert.True(Assert.Single(result.Files).Downloaded);
        Assert.Equal(file.Content, await File.ReadAllBytesAsync(result.PrimaryPath, ct));
    }

    [Fact(Timeout = Timeout)]
    public async Task Bytes_that_do_not_match_the_published_hash_are_rejected_and_leave_nothing_in_the_cache()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var file = env.Hub.AddRepo("acme/tiny-GGUF").Add("tiny.gguf", Size, seed: 7);
        file.Corrupt = true;
        using var store = env.Store();

        var error = await Assert.ThrowsAsync<ModelIntegrityMismatchException>(() => store.PullAsync(ModelReference.Parse("acme/tiny-GGUF"), null, ct));

        Assert.Contains(file.Sha256, error.Message, StringComparison.Ordinal);
        Assert.Contains("tiny.gguf", error.Message, StringComparison.Ordinal);
        var folder = env.RepoFolder("acme/tiny-GGUF");
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(folder, "blobs")));
        Assert.False(Directory.Exists(Path.Combine(folder, "snapshots")));
        Assert.False(Directory.Exists(Path.Combine(folder, "refs")));
    }

    [Fact(Timeout = Timeout)]
    public async Task Server_that_ignores_the_range_is_answered_by_starting_over()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var file = env.Hub.AddRepo("acme/tiny-GGUF").Add("tiny.gguf", Size, seed: 8);
        file.CutAfterBytes = 100_000;
        file.CutTimes = 1;
        file.IgnoreRange = true;
        using var store = env.Store();

        var result = await store.PullAsync(ModelReference.Parse("acme/tiny-GGUF"), null, ct);

        Assert.Equal(2, file.ByteGets);
        Assert.Equal(file.Content, await File.ReadAllBytesAsync(result.PrimaryPath, ct));
    }

    [Fact(Timeout = Timeout)]
    public async Task Server_that_answers_a_different_range_is_answered_by_starting_over()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var file = env.Hub.AddRepo("acme/tiny-GGUF").Add("tiny.gguf", Size, seed: 9);
        file.CutAfterBytes = 100_000;
        file.CutTimes = 1;
        file.WrongRange = true;
        var progress = new ProgressRecorder();
        file.BeforeCut = () => progress.WhenDownloaded(100_000);
        using var store = env.Store();

        var result = await store.PullAsync(ModelReference.Parse("acme/tiny-GGUF"), progress, ct);

        var ranges = env.Hub.RequestsTo("/cdn/").Select(r => r.Range).ToList();
        Assert.Equal(3, ranges.Count);
        Assert.NotNull(ranges[1]);
        Assert.Null(ranges[2]);
        Assert.Equal(file.Content, await File.ReadAllBytesAsync(result.PrimaryPath, ct));
    }

    [Fact(Timeout = Timeout)]
    public async Task Range_past_the_end_of_the_served_file_starts_over()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var file = env.Hub.AddRepo("acme/tiny-GGUF").Add("tiny.gguf", 5000, seed: 10);
        file.SizeOverride = 6000;
        var blobs = Path.Combine(env.RepoFolder("acme/tiny-GGUF"), "blobs");
        Directory.CreateDirectory(blobs);
        await File.WriteAllBytesAsync(Path.Combine(blobs, file.Sha256 + ".incomplete"), new byte[5500], ct);
        using var store = env.Store(env.Options with { MaxDownloadAttempts = 2 });

        var error = await Assert.ThrowsAsync<HubUnavailableException>(() => store.PullAsync(ModelReference.Parse("acme/tiny-GGUF"), null, ct));

        // 416 for bytes 5500-, then a fresh start that ends at 5000 of the 6000 bytes published.
        Assert.Equal(["bytes=5500-", null], env.Hub.RequestsTo("/cdn/").Select(r => r.Range));
        Assert.Contains("ended at byte 5000 of 6000", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task Server_errors_are_retried_and_then_reported_keeping_the_partial_file()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var file = env.Hub.AddRepo("acme/tiny-GGUF").Add("tiny.gguf", Size, seed: 11);
        file.CutAfterBytes = 1000;
        file.CutTimes = 1;
        file.FailTimes = 10;
        file.FailStatus = 503;
        using var store = env.Store(env.Options with { MaxDownloadAttempts = 3 });

        var first = await Assert.ThrowsAsync<HubUnavailableException>(() => store.PullAsync(ModelReference.Parse("acme/tiny-GGUF"), null, ct));

        Assert.Contains("failed 3 times", first.Message, StringComparison.Ordinal);
        Assert.Contains("503", first.Message, StringComparison.Ordinal);
        Assert.Equal(3, file.ByteGets);
        Assert.Single(Directory.GetFiles(Path.Combine(env.RepoFolder("acme/tiny-GGUF"), "blobs"), "*.incomplete"));
    }

    [Fact(Timeout = Timeout)]
    public async Task Stalled_transfer_times_out_and_resumes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var file = env.Hub.AddRepo("acme/tiny-GGUF").Add("tiny.gguf", Size, seed: 12);
        file.StallAfterBytes = 200_000;
        file.StallTimes = 1;
        using var store = env.Store(env.Options with { StallTimeout = TimeSpan.FromMilliseconds(300) });

        var result = await store.PullAsync(ModelReference.Parse("acme/tiny-GGUF"), null, ct);

        Assert.NotNull(env.Hub.RequestsTo("/cdn/")[^1].Range);
        Assert.Equal(file.Content, await File.ReadAllBytesAsync(result.PrimaryPath, ct));
    }

    [Fact(Timeout = Timeout)]
    public async Task Bytes_beyond_the_published_size_are_not_written()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var file = env.Hub.AddRepo("acme/tiny-GGUF").Add("tiny.gguf", 5000, seed: 13);
        file.TrailingGarbage = true;
        using var store = env.Store();

        var result = await store.PullAsync(ModelReference.Parse("acme/tiny-GGUF"), null, ct);

        Assert.Equal(file.Content, await File.ReadAllBytesAsync(result.PrimaryPath, ct));
    }

    [Fact(Timeout = Timeout)]
    public async Task Cancelled_pull_keeps_the_partial_file_for_later()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var file = env.Hub.AddRepo("acme/tiny-GGUF").Add("tiny.gguf", Size, seed: 14);
        file.PauseAfterBytes = Size / 2;
        using var store = env.Store();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var pull = store.PullAsync(ModelReference.Parse("acme/tiny-GGUF"), null, cancel.Token);
        await file.Paused.Task.WaitAsync(ct);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pull);
        var blobs = Path.Combine(env.RepoFolder("acme/tiny-GGUF"), "blobs");
        Assert.Equal([file.Sha256 + ".incomplete"], Directory.GetFiles(blobs).Select(Path.GetFileName));
    }
}
