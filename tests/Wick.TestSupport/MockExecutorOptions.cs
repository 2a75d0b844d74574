namespace Wick.TestSupport;

/// <summary>Shape and behaviour of a <see cref="MockExecutor"/>.</summary>
public sealed record MockExecutorOptions
{
    public int VocabularySize { get; init; } = 64;

    /// <summary>The end-of-generation token id (-1: none); the toy model emits it about once every <see cref="EndOfGenerationPeriod"/> tokens.</summary>
    public int EndOfGenerationToken { get; init; } = 63;

    /// <summary>0: the model never emits end-of-generation.</summary>
    public int EndOfGenerationPeriod { get; init; } = 0;

    public int MaxSequences { get; init; } = 8;

    public int KvCapacity { get; init; } = 512;

    public int MaxBatchTokens { get; init; } = 512;

    /// <summary>Clock for scripted latency: a <c>FakeTimeProvider</c> is advanced by the latency (deterministic); any other clock is waited on.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Latency of a normal step.</summary>
    public TimeSpan StepLatency { get; init; } = TimeSpan.Zero;

    /// <summary>Real time a <see cref="MockActionKind.Hang"/> waits for an abort before giving up with a device error.</summary>
    public TimeSpan HangLimit { get; init; } = TimeSpan.FromSeconds(30);
}
