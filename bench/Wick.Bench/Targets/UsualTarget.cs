using LLama;
using LLama.Common;
using LLama.Native;
using Wick.Bench.Baselines;
using Wick.Bench.Measurement;
using Wick.Core.Execution;

namespace Wick.Bench.Targets;

/// <summary>
/// "The usual .NET way": LLamaSharp's high-level <see cref="StatelessExecutor"/> and <c>InferAsync</c>, as its examples
/// serve requests — one request at a time (a lock around the executor), each on a fresh context sized for one
/// sequence. Clients queue for the lock, so their time to first token includes the wait, as a real client's would.
/// </summary>
internal sealed class UsualTarget : IGenerationTarget
{
    private readonly LLamaWeights weights;
    private readonly StatelessExecutor executor;
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly LLamaToken[] banned;

    private UsualTarget(LLamaWeights weights, ModelParams parameters)
    {
        this.weights = weights;
        executor = new StatelessExecutor(weights, parameters);
        var vocab = weights.NativeHandle.Vocab;
        banned = new[] { vocab.EOS, vocab.EOT }.OfType<LLamaToken>().Distinct().ToArray();
    }

    public string Name => "usual";

    public static async Task<UsualTarget> LoadAsync(ContextSettings settings, CancellationToken cancellationToken)
    {
        NativeRuntime.Initialize();
        var parameters = settings.ToModelParams();
        var weights = await LLamaWeights.LoadFromFileAsync(parameters, cancellationToken).ConfigureAwait(false);
        return new UsualTarget(weights, parameters);
    }

    public async Task RunAsync(string prompt, int outputLength, RequestRecord record, RunClock clock, CancellationToken cancellationToken)
    {
        record.PromptTokens = weights.NativeHandle.Tokenize(prompt, true, false, System.Text.Encoding.UTF8).Length;
        var inference = new InferenceParams { MaxTokens = outputLength, SamplingPipeline = new GreedyIgnoreEosPipeline(banned) };
        record.Start = clock.Now;
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await foreach (var _ in executor.InferAsync(prompt, inference, cancellationToken).ConfigureAwait(false))
            {
                record.AddTokens(clock.Now, 1);
            }
        }
        finally
        {
            gate.Release();
        }

        record.End = clock.Now;
        record.OutputTokens = record.TokenTimes.Count;
    }

    public ValueTask DisposeAsync()
    {
        gate.Dispose();
        weights.Dispose();
        return ValueTask.CompletedTask;
    }
}
