using Wick.Bench.Baselines;
using Wick.Bench.Measurement;
using Wick.Core.Execution;
using Wick.Core.Execution.Llama;
using Wick.Core.Sampling;
using Wick.Core.Text;

namespace Wick.Bench.Targets;

/// <summary>
/// Wick's engine in this process, without HTTP: the same <see cref="LlamaExecutor"/> and <see cref="InferenceEngine"/>
/// settings as <c>wick serve</c> (see <c>WickHost.LoadAsync</c>), requests submitted directly and their token events
/// read from the channel. The gap between this phase and the HTTP phase is the HTTP layer; between this phase and the
/// raw engine, the scheduler, sampler, text and channels. Its step observer splits the engine thread's time.
/// </summary>
internal sealed class EngineTarget : IGenerationTarget
{
    private readonly LlamaExecutor executor;
    private readonly InferenceEngine engine;

    private EngineTarget(LlamaExecutor executor, InferenceEngine engine, EngineStepStats stats)
    {
        this.executor = executor;
        this.engine = engine;
        Stats = stats;
    }

    public string Name => "engine";

    public EngineStepStats Stats { get; }

    public static async Task<EngineTarget> LoadAsync(ContextSettings settings, TimeSpan stepTimeout, CancellationToken cancellationToken)
    {
        NativeRuntime.Initialize();
        const int StepTokenBudget = 512; // WickOptions.StepTokenBudget's default
        var budget = Math.Max(StepTokenBudget, settings.Sequences);
        var executor = await LlamaExecutor.LoadAsync(
            new LlamaExecutorOptions(settings.ModelPath)
            {
                ContextSize = settings.ContextSize,
                MaxSequences = settings.Sequences,
                BatchSize = budget,
                Threads = settings.Threads,
            },
            cancellationToken).ConfigureAwait(false);
        var stats = new EngineStepStats();
        var engine = new InferenceEngine(
            executor,
            new EngineOptions
            {
                MaxRunningSequences = settings.Sequences,
                StepTokenBudget = budget,
                PrefillChunk = Math.Max(1, StepTokenBudget / 2),
                MaxQueuedRequests = 1024,
                StepTimeout = stepTimeout,
                StepObserver = stats.Observe,
            });
        return new EngineTarget(executor, engine, stats);
    }

    public async Task RunAsync(string prompt, int outputLength, RequestRecord record, RunClock clock, CancellationToken cancellationToken)
    {
        record.Start = clock.Now;
        var tokens = await executor.TokenizeAsync(prompt, addSpecial: true, cancellationToken).ConfigureAwait(false);
        record.PromptTokens = tokens.Count;
        var sampling = new SamplingParameters { Temperature = 0f, IgnoreEos = true, MaxTokens = outputLength };
        var handle = engine.Submit(
            new GenerationRequest(tokens, outputLength, SamplerFactory.Create(sampling, tokens, engine.Vocabulary), new StopStringOutputProcessor(engine.Vocabulary, null))
            {
                IgnoreEndOfGeneration = true,
            },
            cancellationToken);
        await foreach (var item in handle.Events.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (item.Finish is { } finish)
            {
                if (finish.Error is { } error)
                {
                    throw error;
                }

                record.OutputTokens = finish.Usage.CompletionTokens;
                break;
            }

            record.AddTokens(clock.Now, 1);
        }

        record.End = clock.Now;
    }

    public async ValueTask DisposeAsync()
    {
        await engine.DisposeAsync().ConfigureAwait(false);
        executor.Dispose();
    }
}
