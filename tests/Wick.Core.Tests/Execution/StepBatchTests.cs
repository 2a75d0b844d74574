using Wick.Core.Execution;

namespace Wick.Core.Tests.Execution;

public sealed class StepBatchTests
{
    [Fact]
    public void Batch_grows_past_its_initial_capacity_and_keeps_every_row()
    {
        var batch = new StepBatch(initialCapacity: 2);

        var rows = Enumerable.Range(0, 5).Select(i => batch.Add(slot: i % 2, token: 10 + i, position: i, needsLogits: i == 4)).ToArray();

        Assert.Equal([0, 1, 2, 3, 4], rows);
        Assert.Equal([0, 1, 0, 1, 0], batch.Slots.ToArray());
        Assert.Equal([10, 11, 12, 13, 14], batch.Tokens.ToArray());
        Assert.Equal([0, 1, 2, 3, 4], batch.Positions.ToArray());
        Assert.Equal([false, false, false, false, true], batch.NeedsLogits.ToArray());
    }

    [Fact]
    public void Clear_empties_the_batch_for_reuse()
    {
        var batch = new StepBatch();
        batch.Add(0, 1, 0, true);

        batch.Clear();

        Assert.Equal(0, batch.Count);
        Assert.Equal(0, batch.Add(1, 2, 3, false));
    }

    [Fact]
    public void Outcomes_and_usage_describe_themselves()
    {
        Assert.Equal(new StepOutcome(StepStatus.Ok, null), StepOutcome.Ok);
        Assert.Equal(12, new GenerationUsage(5, 7).TotalTokens);
    }

    [Fact]
    public void Batch_rejects_a_zero_capacity() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new StepBatch(0));
}
