using Wick.Training;

namespace Wick.Model.Tests.TinyArith;

/// <summary>The shipped tiny model answers through real llama.cpp, and llama.cpp agrees with the trainer's forward pass.</summary>
public sealed class TinyArithThroughLlamaCppTests(TinyArithFixture model) : IClassFixture<TinyArithFixture>
{
    [Fact(Timeout = 60_000)]
    public void Two_plus_two_gives_four_then_eos()
    {
        var prompt = model.Runner.Tokenize("2+2=");

        var output = model.Runner.Greedy(prompt, maxNewTokens: 4, TestContext.Current.CancellationToken);

        Assert.Equal([ByteTokens.Bos, '2', '+', '2', '='], prompt);
        Assert.Equal(ByteTokens.Eos, model.Runner.Eos);
        Assert.Equal(['4', ByteTokens.Eos], output);
    }

    [Fact(Timeout = 120_000)]
    public void Every_single_digit_sum_is_right()
    {
        var report = Evaluate("single-digit sums", new ArithmeticData(seed: 1, heldOutCount: 0).SingleDigitSums, TestContext.Current.CancellationToken);

        Assert.True(report.Correct == report.Total, $"{report}: {string.Join(", ", report.Failures)}");
    }

    [Fact(Timeout = 120_000)]
    public void At_least_98_percent_of_the_held_out_sums_are_right()
    {
        var report = Evaluate("held-out two-digit sums", model.HeldOut, TestContext.Current.CancellationToken);

        Assert.Equal(200, report.Total);
        Assert.True(report.Accuracy >= 0.98, $"{report}: {string.Join(", ", report.Failures)}");
    }

    [Fact(Timeout = 120_000)]
    public void Single_digit_differences_and_products_are_right()
    {
        var data = new ArithmeticData(seed: 1, heldOutCount: 0);

        var differences = Evaluate("differences", data.SingleDigitDifferences, TestContext.Current.CancellationToken);
        var products = Evaluate("products", data.SingleDigitProducts, TestContext.Current.CancellationToken);

        Assert.True(differences.Accuracy >= 0.98, $"{differences}: {string.Join(", ", differences.Failures)}");
        Assert.True(products.Accuracy >= 0.98, $"{products}: {string.Join(", ", products.Failures)}");
    }

    [Fact(Timeout = 120_000)]
    public void Trainer_and_llama_cpp_final_logits_agree_within_1e_3()
    {
        string[] prompts =
        [
            "2+2=", "0+0=", "9+9=", "7+5=", "12+34=", "99+99=", "50+50=", "9-3=", "8-8=", "7*8=", "9*9=", "0*5=",
            "45+54=", "3+", "1", "", "2+2=4", "10+90=1", "63+18=8", "abc", "x=y+1", "99+1=10",
        ];
        var worst = 0f;
        var worstPrompt = string.Empty;

        foreach (var text in prompts)
        {
            TestContext.Current.CancellationToken.ThrowIfCancellationRequested();
            var tokens = model.Runner.Tokenize(text);
            var expected = model.Trainer.LastLogits(tokens);
            var actual = model.Runner.FinalLogits(tokens);
            Assert.Equal(expected.Length, actual.Length);
            for (var i = 0; i < actual.Length; i++)
            {
                var diff = Math.Abs(actual[i] - expected[i]);
                if (diff > worst)
                {
                    (worst, worstPrompt) = (diff, text);
                }
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"max |logit diff| {worst:E2} at '{worstPrompt}'");
        Assert.True(worst < 1e-3f, $"max |logit diff| {worst} at '{worstPrompt}'");
    }

    [Fact(Timeout = 120_000)]
    public void Trainer_and_llama_cpp_give_the_same_greedy_answers_on_held_out_sums()
    {
        var ct = TestContext.Current.CancellationToken;
        foreach (var problem in model.HeldOut.Take(50))
        {
            var prompt = model.Runner.Tokenize(problem.Prompt);

            Assert.Equal(model.Trainer.Greedy(prompt, ArithmeticEvaluation.MaxNewTokens), model.Runner.Greedy(prompt, ArithmeticEvaluation.MaxNewTokens, ct));
        }
    }

    private AccuracyReport Evaluate(string name, IReadOnlyList<ArithmeticProblem> problems, CancellationToken cancellationToken)
    {
        var report = ArithmeticEvaluation.Evaluate(
            name,
            problems,
            prompt => model.Runner.Greedy(model.Runner.Tokenize(prompt), ArithmeticEvaluation.MaxNewTokens, cancellationToken),
            cancellationToken);
        TestContext.Current.TestOutputHelper?.WriteLine($"through llama.cpp: {report}");
        return report;
    }
}
