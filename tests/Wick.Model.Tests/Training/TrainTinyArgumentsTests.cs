using Wick.Training;

namespace Wick.Model.Tests.Training;

public sealed class TrainTinyArgumentsTests
{
    [Fact]
    public void Defaults_reproduce_the_shipped_model()
    {
        var parsed = TrainTinyArguments.Parse([]);

        Assert.Equal((1UL, 2000, Path.Combine("models", "tiny-arith"), 2, false), (parsed.Seed, parsed.Steps, parsed.Out, parsed.Threads, parsed.Help));
        Assert.Equal("dotnet run --project tools/Wick.ModelTool -c Release -- train-tiny --seed 1 --steps 2000 --out models/tiny-arith", parsed.ReproduceCommand);
        Assert.Equal(new TrainingOptions(), parsed.ToOptions());
    }

    [Fact]
    public void Every_option_is_read()
    {
        var parsed = TrainTinyArguments.Parse(["--seed", "7", "--steps", "30", "--out", "/tmp/x", "--threads", "1", "--help"]);

        Assert.Equal((7UL, 30, "/tmp/x", 1, true), (parsed.Seed, parsed.Steps, parsed.Out, parsed.Threads, parsed.Help));
        Assert.Equal(new TrainingOptions { Seed = 7, Steps = 30, Threads = 1 }, parsed.ToOptions());
        Assert.Contains("--seed 7 --steps 30", parsed.ReproduceCommand, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--seed")]
    [InlineData("--seed", "-1")]
    [InlineData("--steps", "0")]
    [InlineData("--threads", "x")]
    [InlineData("--batch", "3")]
    public void Bad_options_are_format_errors(params string[] args)
    {
        Assert.Throws<FormatException>(() => TrainTinyArguments.Parse(args));
    }
}
