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
    public IReadOnlyList<GenerationHandle> Handles { get; } = handles;

    public int PromptTokenCount { get; } = promptTokens;

    public IReadOnlyList<int> PromptTokens { get; } = prompt;

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
        if (Handles.Count == 1)
        {
            await foreach (var item in Handles[0].Events.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return new ChoiceEvent(0, item);
            }

            yield break;
        }

        var merged = Channel.CreateUnbounded<ChoiceEvent>(new UnboundedChannelOptions { SingleReader = true });
        var pumps = Handles.Select((handle, index) => PumpAsync(handle, index, merged.Writer, cancellationToken)).ToArray();
        _ = Task.WhenAll(pumps).ContinueWith(t => merged.Writer.TryComplete(t.Exception), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        await foreach (var item in merged.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return item;
        }
    }

    private static async Task PumpAsync(GenerationHandle handle, int index, ChannelWriter<ChoiceEvent> writer, CancellationToken cancellationToken)
    {
        await foreach (var item in handle.Events.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            await writer.WriteAsync(new ChoiceEvent(index, item), cancellationToken).ConfigureAwait(false);
        }
    }
}
