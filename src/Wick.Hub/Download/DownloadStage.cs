namespace Wick.Hub.Download;

/// <summary>Where one file's download is.</summary>
public enum DownloadStage
{
    /// <summary>Another task or process is downloading the same blob; this one waits for it, then reuses its result.</summary>
    WaitingForLock,

    /// <summary>Bytes are arriving; <see cref="DownloadProgress.BytesDone"/> counts the file so far, resumed bytes included.</summary>
    Downloading,

    /// <summary>The transfer was cut; it continues from <see cref="DownloadProgress.BytesDone"/> with a Range request.</summary>
    Resuming,

    /// <summary>The whole file is here and its hash is being checked (also each blob during <c>wick models verify</c>).</summary>
    Verifying,

    /// <summary>Verified and moved into the cache.</summary>
    Completed,

    /// <summary>The cache already held the blob (from an earlier pull or from <c>huggingface-cli</c>): nothing was downloaded.</summary>
    Reused,
}
