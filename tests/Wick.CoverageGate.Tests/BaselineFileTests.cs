using Wick.CoverageGate.Settings;

namespace Wick.CoverageGate.Tests;

public sealed class BaselineFileTests : IDisposable
{
    private readonly TempRepo repo = new();

    public void Dispose() => repo.Dispose();

    [Fact]
    public void A_missing_baseline_is_empty()
    {
        Assert.Empty(BaselineFile.Load(Path.Combine(repo.Root, "absent.json")));
    }

    [Fact]
    public void Save_then_load_round_trips_in_order_rounded_down_to_hundredths()
    {
        var path = Path.Combine(repo.Root, "sub", "baseline.json");

        BaselineFile.Save(path, [new("B/x", new BaselineEntry(87.659, 50)), new("A", new BaselineEntry(100, 33.3333))]);
        var loaded = BaselineFile.Load(path);

        Assert.Equal(["B/x", "A"], loaded.Keys);
        Assert.Equal(new BaselineEntry(87.65, 50), loaded["B/x"]);
        Assert.Equal(new BaselineEntry(100, 33.33), loaded["A"]);
        Assert.Contains("\"B/x\": { \"line\": 87.65, \"branch\": 50.00 }", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_values_load_as_zero()
    {
        var path = repo.Write("b.json", """{ "A": { "line": 12.5 }, "B": {} }""");

        var loaded = BaselineFile.Load(path);

        Assert.Equal(new BaselineEntry(12.5, 0), loaded["A"]);
        Assert.Equal(new BaselineEntry(0, 0), loaded["B"]);
    }

    [Theory]
    [InlineData("""{ "A": """, "invalid JSON")]
    [InlineData("""{ "A": { "line": "x" } }""", "unexpected value type")]
    [InlineData("""[1]""", "unexpected value type")]
    public void Load_rejects_malformed_baselines(string json, string reason)
    {
        var path = repo.Write("b.json", json);

        var ex = Assert.Throws<GateInputException>(() => BaselineFile.Load(path));

        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(66.666666, 66.66)]
    [InlineData(100, 100)]
    [InlineData(0, 0)]
    [InlineData(12.349, 12.34)]
    public void Round_never_rounds_up(double value, double expected)
    {
        Assert.Equal(expected, BaselineFile.Round(value), 10);
    }
}
