using System.Collections.Concurrent;

namespace Wick.Hub.Download;

/// <summary>
/// Exclusive right to download one blob. Tasks of this process queue on a semaphore; other processes are kept out by
/// an exclusive lock on <c>.locks/models--owner--repo/&lt;etag&gt;.lock</c>: <see cref="FileShare.None"/> takes
/// <c>flock(LOCK_EX)</c> on Unix, the same lock Python's <c>filelock</c> takes for <c>huggingface_hub</c>, so a
/// concurrent <c>huggingface-cli download</c> of the same file waits too.
/// </summary>
internal sealed class BlobLock : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> InProcess = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim gate;
    private readonly FileStream file;

    private BlobLock(SemaphoreSlim gate, FileStream file)
    {
        this.gate = gate;
        this.file = file;
    }

    /// <summary>Waits for the lock; <paramref name="onWaiting"/> runs once if the lock is not free at once.</summary>
    public static async Task<BlobLock> AcquireAsync(string lockPath, Action onWaiting, TimeSpan pollInterval, TimeProvider time, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(lockPath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var gate = InProcess.GetOrAdd(path, _ => new SemaphoreSlim(1, 1));
        var waited = false;
        if (!await gate.WaitAsync(0, cancellationToken).ConfigureAwait(false))
        {
            waited = true;
            onWaiting();
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            while (true)
            {
                try
                {
                    return new BlobLock(gate, new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
                }
                catch (IOException) when (File.Exists(path))
                {
                    // Held by another process: poll, as filelock does.
                    if (!waited)
                    {
                        waited = true;
                        onWaiting();
                    }

                    await Task.Delay(pollInterval, time, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch
        {
            gate.Release();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await file.DisposeAsync().ConfigureAwait(false);
        gate.Release();
    }
}
