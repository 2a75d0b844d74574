using System.Collections.Concurrent;
using Wick.Hub.Download;

namespace Wick.Hub.Tests.Support;

/// <summary>Keeps every progress report, and lets a test wait for the first report of a stage.</summary>
internal sealed class ProgressRecorder : IProgress<DownloadProgress>
{
    private readonly ConcurrentDictionary<DownloadStage, TaskCompletionSource<DownloadProgress>> firsts = new();

    public ConcurrentQueue<DownloadProgress> Reports { get; } = new();

    private readonly ConcurrentQueue<(long Bytes, TaskCompletionSource Reached)> byteWaiters = new();

    public void Report(DownloadProgress value)
    {
        Reports.Enqueue(value);
        Signal(value.Stage).TrySetResult(value);
        if (value.Stage == DownloadStage.Downloading)
        {
            foreach (var (bytes, reached) in byteWaiters.Where(w => value.BytesDone >= w.Bytes))
            {
                reached.TrySetResult();
            }
        }
    }

    /// <summary>Completes once a Downloading report says at least <paramref name="bytes"/> bytes are written.</summary>
    public Task WhenDownloaded(long bytes)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        byteWaiters.Enqueue((bytes, reached));
        if (Reports.Any(r => r.Stage == DownloadStage.Downloading && r.BytesDone >= bytes))
        {
            reached.TrySetResult();
        }

        return reached.Task;
    }

    public Task<DownloadProgress> WhenStage(DownloadStage stage) => Signal(stage).Task;

    public bool Saw(DownloadStage stage) => Reports.Any(r => r.Stage == stage);

    private TaskCompletionSource<DownloadProgress> Signal(DownloadStage stage) =>
        firsts.GetOrAdd(stage, _ => new TaskCompletionSource<DownloadProgress>(TaskCreationOptions.RunContinuationsAsynchronously));
}
