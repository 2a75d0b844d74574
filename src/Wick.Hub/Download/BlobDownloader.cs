using System.Net;
using Wick.Hub.Cache;
using Wick.Hub.Errors;
using Wick.Hub.Http;

namespace Wick.Hub.Download;

/// <summary>
/// Brings one blob into the cache: under the blob's lock, bytes go to <c>blobs/&lt;etag&gt;.incomplete</c>, a cut
/// transfer resumes with a Range request from what is already there, and only a file whose size and hash match the
/// hub's ETag is renamed to <c>blobs/&lt;etag&gt;</c>. A hash mismatch deletes the partial file; an interruption keeps it
/// for the next attempt or the next run. Nothing that is not verified ever carries the final name.
/// </summary>
internal sealed class BlobDownloader(HubClient client, HubOptions options, TimeProvider time)
{
    private const int BufferSize = 1 << 20;

    /// <summary>Returns true when the blob was downloaded, false when the cache already had it.</summary>
    public async Task<bool> EnsureBlobAsync(RepoCache cache, string commit, string path, string etag, long size, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var file = new Transfer(cache, commit, path, etag, size, progress, time);
        if (IsPresent(cache.BlobPath(etag), size))
        {
            file.Report(DownloadStage.Reused, size);
            return false;
        }

        if (!BlobHash.IsVerifiable(etag))
        {
            throw new ModelIntegrityMismatchException(
                $"The hub's ETag '{etag}' for '{path}' in '{cache.RepoId}' is neither a sha256 nor a git sha1, so the download could not be verified.");
        }

        await using (await BlobLock.AcquireAsync(cache.LockPath(etag), () => file.Report(DownloadStage.WaitingForLock, 0), options.LockPollInterval, time, cancellationToken).ConfigureAwait(false))
        {
            if (IsPresent(cache.BlobPath(etag), size))
            {
                // Someone else finished it while we waited.
                file.Report(DownloadStage.Reused, size);
                return false;
            }

            Directory.CreateDirectory(cache.BlobsDirectory);
            await DownloadAsync(file, cancellationToken).ConfigureAwait(false);
            await VerifyAndCommitAsync(file, cancellationToken).ConfigureAwait(false);
            return true;
        }
    }

    private static bool IsPresent(string blob, long size) => File.Exists(blob) && new FileInfo(blob).Length == size;

    private async Task DownloadAsync(Transfer file, CancellationToken cancellationToken)
    {
        var incomplete = file.Cache.IncompletePath(file.Etag);
        var attempts = Math.Max(1, options.MaxDownloadAttempts);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await TransferAsync(file, incomplete, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (IsTransient(e, cancellationToken))
            {
                if (attempt == attempts)
                {
                    throw new HubUnavailableException(
                        $"Downloading '{file.Path}' from '{file.Cache.RepoId}' failed {attempts} times (last: {e.Message}). The partial download is kept: run the same command again to resume it.",
                        e);
                }
            }

            file.Report(DownloadStage.Resuming, new FileInfo(incomplete).Length);
            await Task.Delay(options.RetryDelay, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsTransient(Exception e, CancellationToken cancellationToken) =>
        e is HubUnavailableException or IOException
        || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    /// <summary>One attempt: asks for the bytes after what <c>.incomplete</c> holds and appends them until the file is
    /// whole. Anything short of that throws a transient error, so the caller resumes.</summary>
    private async Task TransferAsync(Transfer file, string incomplete, CancellationToken cancellationToken)
    {
        await using var output = new FileStream(incomplete, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read, BufferSize, useAsync: true);
        if (output.Length > file.Size)
        {
            output.SetLength(0);
        }

        var offset = output.Length;
        if (offset == file.Size)
        {
            return;
        }

        using var response = await client.GetFileAsync(file.Cache.RepoId, file.Commit, file.Path, offset, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            output.SetLength(0);
            throw new IOException($"The server could not serve '{file.Path}' from byte {offset}; starting over.");
        }

        if (response.StatusCode == HttpStatusCode.PartialContent && response.Content.Headers.ContentRange?.From != offset)
        {
            output.SetLength(0);
            throw new IOException($"The server answered a different range than bytes {offset}- of '{file.Path}'; starting over.");
        }

        if (response.StatusCode != HttpStatusCode.PartialContent)
        {
            // A 200 answers with the whole file, whatever we asked for.
            offset = 0;
            output.SetLength(0);
        }

        output.Seek(offset, SeekOrigin.Begin);
        file.StartTransfer(offset);
        file.Report(DownloadStage.Downloading, offset);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var stall = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        using var read = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stall.Token);
        var buffer = new byte[BufferSize];
        while (offset < file.Size)
        {
            stall.CancelAfter(options.StallTimeout);
            var count = await body.ReadAsync(buffer, read.Token).ConfigureAwait(false);
            stall.CancelAfter(Timeout.InfiniteTimeSpan);
            if (count == 0)
            {
                throw new IOException($"The transfer of '{file.Path}' ended at byte {offset} of {file.Size}.");
            }

            // Never write past the published size: extra bytes are not part of the file.
            var keep = (int)Math.Min(count, file.Size - offset);
            await output.WriteAsync(buffer.AsMemory(0, keep), cancellationToken).ConfigureAwait(false);
            offset += keep;
            file.Report(DownloadStage.Downloading, offset);
        }

        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task VerifyAndCommitAsync(Transfer file, CancellationToken cancellationToken)
    {
        var incomplete = file.Cache.IncompletePath(file.Etag);
        file.Report(DownloadStage.Verifying, 0);
        var actual = await BlobHash.ComputeAsync(incomplete, file.Etag, done => file.Report(DownloadStage.Verifying, done), cancellationToken).ConfigureAwait(false);
        if (actual != file.Etag)
        {
            File.Delete(incomplete);
            var kind = BlobHash.IsSha256(file.Etag) ? "sha256" : "git sha1";
            throw new ModelIntegrityMismatchException(
                $"'{file.Path}' from '{file.Cache.RepoId}' at {file.Commit} downloaded with {kind} {actual}, but the hub publishes {file.Etag}. The download was discarded; run the command again, and if it fails the same way the hub or a proxy is serving a corrupt file.");
        }

        File.Move(incomplete, file.Cache.BlobPath(file.Etag), overwrite: true);
        file.Report(DownloadStage.Completed, file.Size);
    }

    /// <summary>One file being fetched, and its speed and ETA bookkeeping.</summary>
    private sealed class Transfer(RepoCache cache, string commit, string path, string etag, long size, IProgress<DownloadProgress>? progress, TimeProvider clock)
    {
        private long startOffset;
        private long startTimestamp;

        public RepoCache Cache => cache;

        public string Commit => commit;

        public string Path => path;

        public string Etag => etag;

        public long Size => size;

        public void StartTransfer(long offset)
        {
            startOffset = offset;
            startTimestamp = clock.GetTimestamp();
        }

        public void Report(DownloadStage stage, long done)
        {
            if (progress is null)
            {
                return;
            }

            var seconds = stage == DownloadStage.Downloading ? clock.GetElapsedTime(startTimestamp).TotalSeconds : 0;
            var speed = seconds > 0 ? (done - startOffset) / seconds : 0;
            TimeSpan? eta = speed > 0 ? TimeSpan.FromSeconds((size - done) / speed) : null;
            progress.Report(new DownloadProgress(cache.RepoId, path, stage, done, size, speed, eta));
        }
    }
}
