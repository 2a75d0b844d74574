using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Wick.Core.Execution;

namespace Wick.Server.Serving;

/// <summary>
/// The engine requests behind one HTTP request (one per choice) and the means to read them as one stream. Disposing
/// cancels whatever is still running, so a request that ends early (client gone, another choice failed) frees its KV.
/// </summary>
internal sealed class Generation(IReadOnlyList<GenerationHandle> handles, CancellationTokenSource cancellation, int promptTokens, IReadOnlyList<int> prompt)
    : IDisposable
{
    /// <summary>Bounds one batch, so a consumer far behind still flushes regularly.</summary>
    internal const int MaxBatch = 256;

    public IReadOnlyList<GenerationHandle> Handles { get; } = handles;

    public int PromptTokenCount { get; } = promptTokens;

    public IReadOnlyList<int> PromptTokens { get; } = prompt;

    /// <summary>Token counts for the response: the prompt once, the completions of every choice that finished.</summary>
    public OpenAI.Usage UsageOf(IReadOnlyList<GenerationFinish?> finishes)
    {
        var completion = finishes.Sum(f => f?.Usage.CompletionTokens ?? 0);
        return new OpenAI.Usage(PromptTokenCount, completion, PromptTokenCount + completion);
    }

    /// <summary>Cancels every choice still running.</summary>
    public void Cancel() => cancellation.Cancel();

    public void Dispose()
    {
        cancellation.Cancel();
        cancellation.Dispose();
    }

    /// <summary>Every choice's events in arrival order; each choice's final event is included.</summary>
    public async IAsyncEnumerable<ChoiceEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var batch in ReadBatchesAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (var item in batch)
            {
                yield return item;
            }
        }
    }

    /// <summary>
    /// The same events in batches: each batch is every event already waiting when the reader got to it (at least one,
    /// at most <see cref="MaxBatch"/>), so a consumer can write a batch and flush once instead of once per event. A
    /// batch is valid until the next one is asked for.
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<ChoiceEvent>> ReadBatchesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = Handles.Count == 1 ? new SingleChoiceReader(Handles[0].Events) : Merge(cancellationToken);
        var batch = new List<ChoiceEvent>();
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            if (batch.Count > 0)
            {
                yield return batch;
            }
        }
    }

    private ChannelReader<ChoiceEvent> Merge(CancellationToken cancellationToken)
    {
        var merged = Channel.CreateUnbounded<ChoiceEvent>(new UnboundedChannelOptions { SingleReader = true });
        var pumps = Handles.Select((handle, index) => PumpAsync(handle, index, merged.Writer, cancellationToken)).ToArray();
        _ = Task.WhenAll(pumps).ContinueWith(t => merged.Writer.TryComplete(t.Exception), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return merged.Reader;
    }

    private static async Task PumpAsync(GenerationHandle handle, int index, ChannelWriter<ChoiceEvent> writer, CancellationToken cancellationToken)
    {
        await foreach (var item in handle.Events.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            await writer.WriteAsync(new ChoiceEvent(index, item), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A single choice's events, read as choice 0 without a pump in between.</summary>
    private sealed class SingleChoiceReader(ChannelReader<TokenEvent> events) : ChannelReader<ChoiceEvent>
    {
        public override bool TryRead(out ChoiceEvent item)
        {
            if (events.TryRead(out var token))
            {
                item = new ChoiceEvent(0, token);
                return true;
            }

            item = default;
            return false;
        }

        public override ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default) => events.WaitToReadAsync(cancellationToken);
    }
}
