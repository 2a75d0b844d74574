using System.Collections.Concurrent;
using Wick.Core.Execution;
using Wick.Core.Gguf;
using Wick.Core.Models;
using Wick.Core.Sampling;
using Wick.Core.Text;

namespace Wick.Model.Tests.Engine;

/// <summary>A synthetic model behind the real executor and engine, with greedy sampling and the real text pipeline.</summary>
internal sealed class RealEngineHarness : IAsyncDisposable
{
    private RealEngineHarness(LlamaModel model, LlamaExecutor executor, EngineOptions options)
    {
        Model = model;
        Executor = executor;
        Engine = new InferenceEngine(executor, options with { StepObserver = Steps.Enqueue });
    }

    public LlamaModel Model { get; }

    public LlamaExecutor Executor { get; }

    public InferenceEngine Engine { get; }

    /// <summary>Every step the engine ran, in order.</summary>
    public ConcurrentQueue<StepReport> Steps { get; } = new();

    public static RealEngineHarness Start(string preset, GgmlType type, LlamaExecutorOptions executorOptions, EngineOptions engineOptions)
    {
        var model = LlamaModel.Load(SyntheticModels.Ensure(preset, type).Path);
        return new RealEngineHarness(model, model.CreateExecutor(executorOptions), engineOptions);
    }

    public GenerationHandle Submit(IReadOnlyList<int> prompt, int maxTokens, CancellationToken? cancellation = null, ISequenceSampler? sampler = null) =>
        Engine.Submit(
            new GenerationRequest(
                prompt,
                maxTokens,
                sampler ?? SamplerFactory.Create(new SamplingParameters { Temperature = 0 }, prompt, Model.Vocabulary),
                new StopStringOutputProcessor(Model.Vocabulary, null)),
            cancellation ?? CancellationToken.None);

    public int[] Prompt(string text) => Model.Tokenize(text, addBos: true, parseSpecial: false);

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        Executor.Dispose();
        Model.Dispose();
    }
}
