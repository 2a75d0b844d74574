using Wick.Training;

namespace Wick.Model.Tests.Training;

public sealed class ArithmeticDataTests
{
    [Fact]
    public void Held_out_pairs_are_two_digit_ordered_and_never_trained_in_either_order()
    {
        var data = new ArithmeticData(seed: 1);

        Assert.Equal(200, data.HeldOut.Count);
        Assert.All(data.HeldOut, p => Assert.True(p.Left >= 10 && p.Left < p.Right && p.Right <= 99 && p.Operator == '+'));
        Assert.Equal(200, data.HeldOut.Distinct().Count());
        var trained = data.TrainingSums.Select(p => (p.Left, p.Right)).ToHashSet();
        Assert.All(data.HeldOut, p =>
        {
            Assert.DoesNotContain((p.Left, p.Right), trained);
            Assert.DoesNotContain((p.Right, p.Left), trained);
        });
        Assert.Equal((100 * 100) - 400, data.TrainingSums.Count);
    }

    [Fact]
    public void Single_digit_fact_tables_are_complete()
    {
        var data = new ArithmeticData(seed: 1);

        Assert.Equal(100, data.SingleDigitSums.Count);
        Assert.Equal(55, data.SingleDigitDifferences.Count);
        Assert.All(data.SingleDigitDifferences, p => Assert.True(p.Left >= p.Right && p.Result >= 0));
        Assert.Equal(100, data.SingleDigitProducts.Count);
        Assert.Contains(new ArithmeticProblem(9, '*', 9), data.SingleDigitProducts);
    }

    [Fact]
    public void The_same_seed_gives_the_same_split_and_another_seed_another()
    {
        var first = new ArithmeticData(seed: 5).HeldOut;
        var again = new ArithmeticData(seed: 5).HeldOut;
        var other = new ArithmeticData(seed: 6).HeldOut;

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Sample_draws_only_the_kinds_with_weight()
    {
        var data = new ArithmeticData(seed: 1, heldOutCount: 10, mix: new DataMix(0, 0, 0, 1));
        var rng = new SplitMix64(1);

        var drawn = Enumerable.Range(0, 500).Select(_ => data.Sample(rng)).ToList();

        Assert.All(drawn, p => Assert.Equal('*', p.Operator));
        Assert.True(drawn.Distinct().Count() > 50);
    }

    [Fact]
    public void Sample_follows_the_mix()
    {
        var data = new ArithmeticData(seed: 1);
        var rng = new SplitMix64(2);

        var drawn = Enumerable.Range(0, 20000).Select(_ => data.Sample(rng)).ToList();

        var products = drawn.Count(p => p.Operator == '*') / 20000.0;
        var differences = drawn.Count(p => p.Operator == '-') / 20000.0;
        Assert.InRange(products, 0.13, 0.17);
        Assert.InRange(differences, 0.13, 0.17);
        Assert.DoesNotContain(drawn, p => data.HeldOut.Contains(p));
    }

    [Fact]
    public void Invalid_recipes_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new ArithmeticData(1, mix: new DataMix(0, 0, 0, 0)));
        Assert.Throws<ArgumentException>(() => new ArithmeticData(1, mix: new DataMix(-1, 1, 1, 1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ArithmeticData(1, heldOutCount: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ArithmeticData(1, heldOutCount: 5000));
    }

    [Fact]
    public void Description_names_the_held_out_rule_and_the_weights()
    {
        var text = new ArithmeticData(seed: 1).Description;

        Assert.Contains("200 pairs 10<=a<b<=99", text, StringComparison.Ordinal);
        Assert.Contains("w=0.55", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_problem_becomes_bos_prompt_answer_eos_with_loss_from_the_answer()
    {
        var example = new ArithmeticProblem(2, '+', 2).ToExample();

        Assert.Equal([ByteTokens.Bos, '2', '+', '2', '=', '4', ByteTokens.Eos], example.Tokens);
        Assert.Equal(5, example.AnswerStart);
    }

    [Theory]
    [InlineData('+', 7, 5, 12)]
    [InlineData('-', 7, 5, 2)]
    [InlineData('*', 7, 5, 35)]
    public void A_problem_knows_its_result(char op, int a, int b, int expected)
    {
        var problem = new ArithmeticProblem(a, op, b);

        Assert.Equal(expected, problem.Result);
        Assert.Equal($"{a}{op}{b}={expected}", problem.ToString());
    }

    [Fact]
    public void An_unknown_operator_has_no_result()
    {
        Assert.Throws<InvalidOperationException>(() => new ArithmeticProblem(1, '/', 1).Result);
    }
}
