using Wick.Core.Models;
using Wick.TestSupport.Models;
using Wick.Training;

namespace Wick.Model.Tests.TinyArith;

/// <summary>
/// The shipped tiny model, loaded once per test class: its SHA-256 is checked against the manifest before llama.cpp
/// sees it, and the trainer's weights are read back from the same file for the agreement checks.
/// </summary>
public sealed class TinyArithFixture : IDisposable
{
    public TinyArithFixture()
    {
        Model = ShippedModels.TinyArith; // verifies the manifest's sha256
        Runner = new LlamaGreedyRunner(Model.GgufPath);
        TrainerWeights = TinyLlamaGguf.Read(Model.GgufPath);
        Trainer = new TinyLlamaGenerator(TrainerWeights);
        HeldOut = TinyArithManifest.HeldOutPairs(Model.Manifest);
    }

    public ShippedModel Model { get; }

    public LlamaGreedyRunner Runner { get; }

    public TinyLlamaWeights TrainerWeights { get; }

    public TinyLlamaGenerator Trainer { get; }

    /// <summary>The held-out sums listed in the manifest.</summary>
    public IReadOnlyList<ArithmeticProblem> HeldOut { get; }

    public void Dispose() => Runner.Dispose();
}
