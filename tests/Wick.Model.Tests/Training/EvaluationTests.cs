using Wick.Training;

namespace Wick.Model.Tests.Training;

public sealed class EvaluationTests
{
    private static readonly ArithmeticProblem TwelvePlusThirty = new(12, '+', 30);

    [Fact]
    public void Only_the_exact_answer_then_eos_is_correct()
    {
        Assert.True(ArithmeticEvaluation.IsCorrect(TwelvePlusThirty, ['4', '2', ByteTokens.Eos]));
        Assert.False(ArithmeticEvaluation.IsCorrect(TwelvePlusThirty, ['4', '3', ByteTokens.Eos]));
        Assert.False(ArithmeticEvaluation.IsCorrect(TwelvePlusThirty, ['4', '2', '0']));
        Assert.False(ArithmeticEvaluation.IsCorrect(TwelvePlusThirty, ['4', ByteTokens.Eos]));
        Assert.False(ArithmeticEvaluation.IsCorrect(TwelvePlusThirty, []));
    }

    [Fact]
    public void Evaluate_counts_right_answers_and_shows_the_wrong_ones()
    {
        var answers = new Dictionary<string, int[]>
        {
            ["1+1="] = ['2', ByteTokens.Eos],
            ["2+2="] = ['5', ByteTokens.Eos],
            ["3+3="] = ['6', '6'],
            ["4+4="] = [],
        };
        ArithmeticProblem[] problems = [new(1, '+', 1), new(2, '+', 2), new(3, '+', 3), new(4, '+', 4)];

        var report = ArithmeticEvaluation.Evaluate("sums", problems, prompt => answers[prompt], TestContext.Current.CancellationToken);

        Assert.Equal((1, 4), (report.Correct, report.Total));
        Assert.Equal(0.25, report.Accuracy);
        Assert.Equal(["2+2=5<eos> (want 4)", "3+3=66… (want 6)", "4+4=… (want 8)"], report.Failures);
        Assert.Equal("sums: 1/4  wrong: 2+2=5<eos> (want 4), 3+3=66… (want 6)", report.Summary(maxFailures: 2));
    }

    [Fact]
    public void A_report_without_failures_is_just_its_score()
    {
        var empty = new AccuracyReport("none", 0, 0, []);
        var perfect = new AccuracyReport("all", 3, 3, []);

        Assert.Equal(0, empty.Accuracy);
        Assert.Equal("all: 3/3", perfect.Summary());
    }

    [Fact]
    public void Evaluate_stops_when_cancelled()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.Throws<OperationCanceledException>(() =>
            ArithmeticEvaluation.Evaluate("x", [TwelvePlusThirty], _ => [], cts.Token));
    }

    [Fact]
    public void Byte_tokens_round_trip_text_and_skip_specials()
    {
        var tokens = ByteTokens.EncodeWithBos("7*8=56");

        Assert.Equal(ByteTokens.Bos, tokens[0]);
        Assert.Equal("7*8=56", ByteTokens.Decode([.. tokens, ByteTokens.Eos]));
    }
}
