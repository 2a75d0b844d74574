using Microsoft.Extensions.Time.Testing;
using Wick.Training;

namespace Wick.Model.Tests.Training;

public sealed class TinyLlamaTrainerTests
{
    private static readonly TrainingOptions Short = new() { Steps = 4, BatchSize = 32, Chunks = 4, WarmupSteps = 2, HeldOutCount = 20 };

    [Fact]
    public void Training_gives_identical_bits_whatever_the_thread_count()
    {
        var one = TinyLlamaTrainer.Train(Short with { Threads = 1 }, cancellationToken: TestContext.Current.CancellationToken);
        var two = TinyLlamaTrainer.Train(Short with { Threads = 2 }, cancellationToken: TestContext.Current.CancellationToken);
        var three = TinyLlamaTrainer.Train(Short with { Threads = 3 }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(one.Weights.Values, two.Weights.Values);
        Assert.Equal(one.Weights.Values, three.Weights.Values);
        Assert.NotEqual(TinyLlamaWeights.Initialize(Short.Config, ArithmeticData.DeriveSeed(Short.Seed, 2)).Values, one.Weights.Values);
    }

    [Fact]
    public void Another_seed_gives_other_weights()
    {
        var a = TinyLlamaTrainer.Train(Short with { Steps = 1 }, cancellationToken: TestContext.Current.CancellationToken);
        var b = TinyLlamaTrainer.Train(Short with { Steps = 1, Seed = 2 }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.NotEqual(a.Weights.Values, b.Weights.Values);
    }

    [Fact]
    public void Progress_is_reported_every_n_steps_and_at_the_end_with_falling_loss()
    {
        var reports = new List<TrainingProgress>();
        var time = new FakeTimeProvider();

        var result = TinyLlamaTrainer.Train(
            Short with { Steps = 30, LearningRate = 1e-2f, GradientClip = 0 },
            new CollectingProgress(reports),
            reportEvery: 8,
            time,
            TestContext.Current.CancellationToken);

        Assert.Equal([8, 16, 24, 30], reports.Select(r => r.Step));
        Assert.All(reports, r => Assert.Equal(30, r.Steps));
        Assert.True(reports[^1].Loss < reports[0].Loss, $"loss {reports[0].Loss} -> {reports[^1].Loss}");
        Assert.Equal(TimeSpan.Zero, result.Elapsed);
        Assert.True(double.IsFinite(result.FinalLoss));
        Assert.Equal(20, result.Data.HeldOut.Count);
    }

    [Fact]
    public void Training_stops_when_cancelled()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => TinyLlamaTrainer.Train(Short, cancellationToken: cts.Token));
    }

    [Fact]
    public void Invalid_options_are_rejected()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.Throws<ArgumentException>(() => TinyLlamaTrainer.Train(Short with { BatchSize = 30 }, cancellationToken: ct));
        Assert.Throws<ArgumentException>(() => TinyLlamaTrainer.Train(Short with { Steps = 0 }, cancellationToken: ct));
        Assert.Throws<ArgumentException>(() => TinyLlamaTrainer.Train(Short with { LearningRate = 0 }, cancellationToken: ct));
        Assert.Throws<ArgumentException>(() => TinyLlamaTrainer.Train(Short with { GradientClip = -1 }, cancellationToken: ct));
        Assert.Throws<ArgumentOutOfRangeException>(() => TinyLlamaTrainer.Train(Short, reportEvery: 0, cancellationToken: ct));
    }

    [Fact]
    public void Learning_rate_warms_up_linearly_then_decays_by_cosine_to_the_floor()
    {
        var options = new TrainingOptions { Steps = 1100, WarmupSteps = 100, LearningRate = 1e-3f, FinalLearningRateFraction = 0.1f };

        Assert.Equal(1e-5f, options.LearningRateAt(0), 1e-9f);
        Assert.Equal(1e-3f, options.LearningRateAt(99), 1e-9f);
        Assert.Equal(1e-3f, options.LearningRateAt(100), 1e-9f);
        Assert.Equal(0.55e-3f, options.LearningRateAt(600), 1e-8f);
        Assert.Equal(1e-4f, options.LearningRateAt(1100), 1e-9f);
    }

    private sealed class CollectingProgress(List<TrainingProgress> reports) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => reports.Add(value);
    }
}
