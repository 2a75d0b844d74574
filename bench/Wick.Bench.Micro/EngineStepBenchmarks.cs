using BenchmarkDotNet.Attributes;
using Wick.Core.Execution;
using Wick.Core.Sampling;
using Wick.Core.Text;

namespace Wick.Bench.Micro;

/// <summary>
/// Wick's whole engine step around a device that costs nothing (<see cref="NullExecutor"/>), in steady state with 256
/// sequences running: plan the step, build the batch, sample every sequence (greedy, over a 258-token byte vocabulary
/// or a 32,000-token one), detokenize, write each token event to its request's channel — with 256 readers draining
/// the channels on the thread pool as the HTTP handlers would. Each request generates 512 tokens and is replaced by a
/// new one when it finishes, so admission and prefill are in the mix at their natural rate. One operation = one step.
/// </summary>
[MemoryDiagnoser]
public class EngineStepBenchmarks
{
    private const int StepsPerOperation = 64;
    private readonly ManualResetEventSlim _stepsDone = new(false);
    private readonly CancellationTokenSource _stop = new();
    private InferenceEngine _engine = null!;
    private NullExecutor _executor = null!;
    private Task[] _clients = [];
    private int _remaining;

    [Params(256)]
    public int Sequences { get; set; }

    [Params(258, 32_000)]
    public int VocabSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        ITokenVocabulary vocabulary = VocabSize == 258 ? new ByteVocabulary() : new SyntheticVocabulary(VocabSize);
        _executor = new NullExecutor(vocabulary, Sequences);
        _engine = new InferenceEngine(_executor, new EngineOptions
        {
            MaxRunningSequences = Sequences,
            StepTokenBudget = 512,
            PrefillChunk = 256,
            MaxQueuedRequests = Sequences * 2,
            StepObserver = _ =>
            {
                if (Interlocked.Decrement(ref _remaining) == 0)
                {
                    _stepsDone.Set();
                }
            },
        });
        var prompt = Enumerable.Range(0, 16).Select(i => 'a' + i).ToArray();
        _clients = [.. Enumerable.Range(0, Sequences).Select(_ => Task.Run(() => ClientAsync(prompt, vocabulary)))];
    }

    [Benchmark(OperationsPerInvoke = StepsPerOperation)]
    public void Step()
    {
        _stepsDone.Reset();
        Volatile.Write(ref _remaining, StepsPerOperation);
        _stepsDone.Wait();
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _stop.CancelAsync();
        await _engine.DisposeAsync();
        await Task.WhenAll(_clients.Select(c => c.ContinueWith(_ => { }, TaskScheduler.Default)));
    }

    private async Task ClientAsync(int[] prompt, ITokenVocabulary vocabulary)
    {
        var sampling = new SamplingParameters { Temperature = 0f, IgnoreEos = true, MaxTokens = 512 };
        while (!_stop.IsCancellationRequested)
        {
            var handle = _engine.Submit(
                new GenerationRequest(prompt, 512, SamplerFactory.Create(sampling, prompt, vocabulary), new StopStringOutputProcessor(vocabulary, null)) { IgnoreEndOfGeneration = true },
                _stop.Token);
            var reader = handle.Events;
            while (await reader.WaitToReadAsync(_stop.Token))
            {
                while (reader.TryRead(out _))
                {
                }
            }
        }
    }
}
