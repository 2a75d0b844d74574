using Wick.Hub.Download;
using Wick.Hub.Tests.Support;

namespace Wick.Hub.Tests;

public sealed class ConcurrencyTests
{
    private const int Timeout = 60_000;
    private const int Size = 2 * 1024 * 1024;

    [Fact(Timeout = Timeout)]
    public async Task Two_concurrent_pulls_of_the_same_file_download_it_once_and_both_get_the_verified_file()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var file = env.Hub.AddRepo("acme/tiny-GGUF").Add("tiny.gguf", Size, seed: 1);
        file.PauseAfterBytes = Size / 2;
        using var storeA = env.Store();
        using var storeB = env.Store();
        var progressB = new ProgressRecorder();

        var pullA = storeA.PullAsync(ModelReference.Parse("acme/tiny-GGUF"), null, ct);
        await file.Paused.Task.WaitAsync(ct);
        var pullB = storeB.PullAsync(ModelReference.Parse("acme/tiny-GGUF"), progressB, ct);
        await progressB.WhenStage(DownloadStage.WaitingForLock).WaitAsync(ct);
        file.Resume.SetResult();
        var results = await Task.WhenAll(pullA, pullB);

        Assert.Equal(1, file.ByteGets);
        Assert.Equal(results[0].PrimaryPath, results[1].PrimaryPath);
        Assert.True(results[0].Files[0].Downloaded);
        Assert.False(results[1].Files[0].Downloaded);
        Assert.Equal(DownloadStage.Reused, progressB.Reports.Last().Stage);
        Assert.Equal(file.Content, await File.ReadAllBytesAsync(results[1].PrimaryPath, ct));
        Assert.Empty(Directory.GetFiles(Path.Combine(env.RepoFolder("acme/tiny-GGUF"), "blobs"), "*.incomplete"));
    }

    [Fact(Timeout = Timeout)]
    public async Task Pull_waits_while_another_process_holds_the_blob_lock()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var file = env.Hub.AddRepo("acme/tiny-GGUF").Add("tiny.gguf", 1000, seed: 2);
        var lockPath = Path.Combine(env.CacheDirectory, ".locks", "models--acme--tiny-GGUF", file.Sha256 + ".lock");
        Directory.CreateDirectory(Path.GetDirectoryName(lockPath)!);
        var progress = new ProgressRecorder();
        using var store = env.Store();
        Task<PullResult> pull;

        // The exclusive lock another process (or huggingface-cli, through filelock) would hold.
        await using (new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            pull = store.PullAsync(ModelReference.Parse("acme/tiny-GGUF"), progress, ct);
            await progress.WhenStage(DownloadStage.WaitingForLock).WaitAsync(ct);
            Assert.Equal(0, file.ByteGets);
        }

        var result = await pull;

        Assert.Equal(file.Content, await File.ReadAllBytesAsync(result.PrimaryPath, ct));
    }

    [Fact(Timeout = Timeout)]
    public async Task Pull_cancelled_while_waiting_for_the_lock_stops_and_leaves_the_lock_usable()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var file = env.Hub.AddRepo("acme/tiny-GGUF").Add("tiny.gguf", 1000, seed: 3);
        var lockPath = Path.Combine(env.CacheDirectory, ".locks", "models--acme--tiny-GGUF", file.Sha256 + ".lock");
        Directory.CreateDirectory(Path.GetDirectoryName(lockPath)!);
        var progress = new ProgressRecorder();
        using var store = env.Store();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);

        await using (new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var pull = store.PullAsync(ModelReference.Parse("acme/tiny-GGUF"), progress, cancel.Token);
            await progress.WhenStage(DownloadStage.WaitingForLock).WaitAsync(ct);
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pull);
        }

        var result = await store.PullAsync(ModelReference.Parse("acme/tiny-GGUF"), null, ct);

        Assert.Equal(file.Content, await File.ReadAllBytesAsync(result.PrimaryPath, ct));
    }

    [Fact(Timeout = Timeout)]
    public async Task Task_cancelled_while_queued_behind_another_leaves_the_lock_usable()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var file = env.Hub.AddRepo("acme/tiny-GGUF").Add("tiny.gguf", Size, seed: 4);
        file.PauseAfterBytes = Size / 2;
        using var store = env.Store();
        var progressB = new ProgressRecorder();
        using var cancelB = CancellationTokenSource.CreateLinkedTokenSource(ct);

        var pullA = store.PullAsync(ModelReference.Parse("acme/tiny-GGUF"), null, ct);
        await file.Paused.Task.WaitAsync(ct);
        var pullB = store.PullAsync(ModelReference.Parse("acme/tiny-GGUF"), progressB, cancelB.Token);
        await progressB.WhenStage(DownloadStage.WaitingForLock).WaitAsync(ct);
        await cancelB.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pullB);
        file.Resume.SetResult();
        var result = await pullA;

        Assert.Equal(file.Content, await File.ReadAllBytesAsync(result.PrimaryPath, ct));
    }
}
