using Wick.TestSupport.Models;
using Wick.Training;

namespace Wick.Model.Tests.TinyArith;

/// <summary>The test-support runner's own edges, on the shipped model.</summary>
public sealed class LlamaGreedyRunnerTests(TinyArithFixture model) : IClassFixture<TinyArithFixture>
{
    [Fact(Timeout = 60_000)]
    public void No_budget_means_no_tokens()
    {
        Assert.Empty(model.Runner.Greedy([ByteTokens.Bos], 0, TestContext.Current.CancellationToken));
    }

    [Fact(Timeout = 60_000)]
    public void Generation_stops_when_prompt_and_output_fill_the_context()
    {
        // "[BOS]12+34=" is 7 tokens: a context of 8 leaves room for one output token of "46<eos>".
        using var small = new LlamaGreedyRunner(model.Model.GgufPath, contextSize: 8);
        var prompt = small.Tokenize("12+34=");

        var output = small.Greedy(prompt, 10, TestContext.Current.CancellationToken);

        Assert.Equal(7, prompt.Length);
        Assert.Equal(['4'], output);
        Assert.Throws<ArgumentException>(() => small.FinalLogits(new int[9]));
    }

    [Fact]
    public void Prompts_must_fit_the_context()
    {
        Assert.Throws<ArgumentException>(() => model.Runner.FinalLogits([]));
        Assert.Throws<ArgumentException>(() => model.Runner.FinalLogits(new int[65]));
    }

    [Fact]
    public void Generation_stops_when_cancelled()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.Throws<OperationCanceledException>(() => model.Runner.Greedy([ByteTokens.Bos], 3, cts.Token));
    }

    [Fact]
    public void ArgMax_picks_the_first_of_equal_maxima()
    {
        Assert.Equal(2, LlamaGreedyRunner.ArgMax([0f, 1f, 4f, 4f]));
    }
}
