using Wick.Core.Certification;
using Wick.Core.Execution;
using Wick.Core.Execution.Llama;
using Wick.Core.Sampling;
using Wick.Core.Text;
using Wick.Server.Serving;

namespace Wick.Server.Hosting;

/// <summary>
/// A model loaded into llama.cpp with its engine running: what <c>wick serve</c>, <c>wick complete</c> and
/// <c>wick certify</c> share. Disposing stops the engine first, then frees the native context.
/// </summary>
public sealed class LoadedModel(ServedModel served, LlamaExecutor executor, string? defaultProbesPath) : IAsyncDisposable
{
    public ServedModel Served { get; } = served;

    /// <summary>The probes that ship beside the model file (<c>probes.json</c>), if any.</summary>
    public string? DefaultProbesPath { get; } = defaultProbesPath;

    /// <summary>Greedy completion of raw text (BOS added), through the engine like any request.</summary>
    public async Task<string> CompleteAsync(string prompt, int maxTokens, CancellationToken cancellationToken)
    {
        var tokens = await Served.Tokenizer.TokenizeAsync(prompt, addSpecial: true, cancellationToken).ConfigureAwait(false);
        var sampling = new SamplingParameters { Temperature = 0, MaxTokens = maxTokens };
        var vocabulary = Served.Engine.Vocabulary;
        var handle = Served.Engine.Submit(
            new GenerationRequest(tokens, maxTokens, SamplerFactory.Create(sampling, tokens, vocabulary), new StopStringOutputProcessor(vocabulary, null)),
            cancellationToken);
        var result = await handle.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        return result.Finish.Error is { } error ? throw error : result.Text;
    }

    /// <summary>Runs certification probes through the engine under a time limit.</summary>
    public Task<CertificationReport> CertifyAsync(IReadOnlyList<CertificationProbe> probes, TimeSpan timeLimit, CancellationToken cancellationToken) =>
        CertificationRunner.RunAsync(probes, CompleteAsync, timeLimit, TimeProvider.System, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await Served.Engine.DisposeAsync().ConfigureAwait(false);
        executor.Dispose();
    }
}
