using Wick.Core.Execution;

namespace Wick.Core.Tests.Execution;

public sealed class EngineOptionsTests
{
    [Fact]
    public void Default_options_are_valid() => new EngineOptions().Validate();

    [Fact]
    public void Infinite_timeouts_are_valid() =>
        new EngineOptions { StepTimeout = Timeout.InfiniteTimeSpan, QueueWaitTimeout = Timeout.InfiniteTimeSpan }.Validate();

    public static TheoryData<EngineOptions> InvalidOptions() =>
    [
        new EngineOptions { MaxRunningSequences = 0 },
        new EngineOptions { MaxRunningSequences = 8, StepTokenBudget = 4 },
        new EngineOptions { PrefillChunk = 0 },
        new EngineOptions { StepTimeout = TimeSpan.Zero },
        new EngineOptions { MaxQueuedRequests = 0 },
        new EngineOptions { MaxQueuedTokens = 0 },
        new EngineOptions { QueueWaitTimeout = TimeSpan.FromSeconds(-2) },
        new EngineOptions { UnhealthyAfterFailures = 0 },
        new EngineOptions { MaxBufferedEvents = 0 },
        new EngineOptions { RetryAfter = TimeSpan.FromSeconds(-1) },
    ];

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Options_out_of_range_are_refused(EngineOptions options) =>
        Assert.Throws<ArgumentOutOfRangeException>(options.Validate);

    [Fact]
    public void A_missing_time_provider_is_refused() =>
        Assert.Throws<ArgumentNullException>(() => new EngineOptions { TimeProvider = null! }.Validate());
}
