namespace Wick.Hub.Download;

/// <summary>One progress report for one file. <see cref="BytesPerSecond"/> is measured over this transfer (0 until
/// known); <see cref="Eta"/> is null when the speed is not known yet.</summary>
public sealed record DownloadProgress(
    string RepoId,
    string File,
    DownloadStage Stage,
    long BytesDone,
    long TotalBytes,
    double BytesPerSecond,
    TimeSpan? Eta);
