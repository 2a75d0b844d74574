using System.Collections.Concurrent;

namespace Wick.Core.Execution.Llama;

/// <summary>
/// A dedicated thread for native calls that are not decode steps (loading a model, tokenizing prompts), so they never
/// run on — or block — the thread pool. Work runs in arrival order.
/// </summary>
internal sealed class NativeWorker : IDisposable
{
    /// <summary>
    /// llama.cpp's regex pre-tokenizer recurses once per character of a run of digits or punctuation: a 30 KB run
    /// overflowed the default 1.5 MB stack and killed the process. 512 MB of reserved (not committed) address space
    /// covers runs far beyond the request body limit.
    /// </summary>
    internal const int StackSize = 512 << 20;

    private readonly BlockingCollection<Action> _work = new();
    private readonly Thread _thread;

    public NativeWorker(string name)
    {
        _thread = new Thread(Run, StackSize) { IsBackground = true, Name = name };
        _thread.Start();
    }

    public Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var registration = cancellationToken.Register(() => result.TrySetCanceled(cancellationToken));
        try
        {
            _work.Add(() =>
            {
                registration.Dispose();
                if (result.Task.IsCompleted)
                {
                    return;
                }

                try
                {
                    result.TrySetResult(work());
                }
                catch (Exception ex)
                {
                    // Handed to the awaiting caller: the worker thread itself must survive any one job's failure.
                    result.TrySetException(ex);
                }
            });
        }
        catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException)
        {
            registration.Dispose();
            result.TrySetException(new ObjectDisposedException(nameof(NativeWorker)));
        }

        return result.Task;
    }

    public void Dispose()
    {
        // Never called from the worker itself: the executor and the loader dispose it from the engine or caller thread.
        _work.CompleteAdding();
        _thread.Join();

        _work.Dispose();
    }

    private void Run()
    {
        foreach (var job in _work.GetConsumingEnumerable())
        {
            job();
        }
    }
}
