using System.Collections.Concurrent;
using Wick.Core.Execution;
using Wick.Core.Execution.Llama;
using Wick.Core.Gguf;
using Wick.Core.Models;
using Wick.Core.Sampling;
using Wick.Core.Text;

namespace Wick.Model.Tests.Engine;

/// <summary>A synthetic model behind the real executor and engine, with greedy sampling and the real text pipeline.</summary>
internal sealed class RealEngineHarness : IAsyncDisposable
{
    private RealEngineHarness(LlamaExecutor executor, EngineOptions options)
    {
        Executor = executor;
        Engine = new InferenceEngine(executor, options with { StepObserver = Steps.Enqueue });
    }

    public LlamaExecutor Executor { get; }

    public InferenceEngine Engine { get; }

    /// <summary>Every step the engine ran, in order.</summary>
    public ConcurrentQueue<StepReport> Steps { get; } = new();

    /// <summary>
    /// Loads the model, runs one throw-away decode (so paging the weights in does not count against the first step's
    /// time limit), then starts the engine.
    /// </summary>
    public static async Task<RealEngineHarness> StartAsync(
        string preset, GgmlType type, Func<LlamaExecutorOptions, LlamaExecutorOptions> configure, EngineOptions engineOptions, CancellationToken cancellation)
    {
        var model = SyntheticModels.Ensure(preset, type);
        var executor = await LlamaExecutor.LoadAsync(configure(new LlamaExecutorOptions(model.Path)), cancellation);
        var warmup = new StepBatch(1);
        warmup.Add(0, ByteLevelVocabulary.BosId, 0, true);
        Assert.Equal(StepStatus.Ok, executor.Decode(warmup).Status);
        executor.RemoveCells(0, 0);
        return new RealEngineHarness(executor, engineOptions);
    }

    public GenerationHandle Submit(IReadOnlyList<int> prompt, int maxTokens, CancellationToken? cancellation = null, ISequenceSampler? sampler = null) =>
        Engine.Submit(
            new GenerationRequest(
                prompt,
                maxTokens,
                sampler ?? SamplerFactory.Create(new SamplingParameters { Temperature = 0 }, prompt, Executor.Vocabulary),
                new StopStringOutputProcessor(Executor.Vocabulary, null)),
            cancellation ?? CancellationToken.None);

    public async Task<int[]> PromptAsync(string text) =>
        [.. await Executor.TokenizeAsync(text, addSpecial: true, TestContext.Current.CancellationToken)];

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        Executor.Dispose();
    }
}
