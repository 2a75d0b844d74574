using System.Collections.Concurrent;
using Wick.Hub.Download;

namespace Wick.Hub.Tests.Support;

/// <summary>Keeps every progress report, and lets a test wait for the first report of a stage.</summary>
internal sealed class ProgressRecorder : IProgress<DownloadProgress>
{
    private readonly ConcurrentDictionary<DownloadStage, TaskCompletionSource<DownloadProgress>> firsts = new();

    public ConcurrentQueue<DownloadProgress> Reports { get; } = new();

    public void Report(DownloadProgress value)
    {
        Reports.Enqueue(value);
        Signal(value.Stage).TrySetResult(value);
    }

    public Task<DownloadProgress> WhenStage(DownloadStage stage) => Signal(stage).Task;

    public bool Saw(DownloadStage stage) => Reports.Any(r => r.Stage == stage);

    private TaskCompletionSource<DownloadProgress> Signal(DownloadStage stage) =>
        firsts.GetOrAdd(stage, _ => new TaskCompletionSource<DownloadProgress>(TaskCreationOptions.RunContinuationsAsynchronously));
}
