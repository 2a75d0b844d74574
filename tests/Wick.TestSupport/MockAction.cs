namespace Wick.TestSupport;

/// <summary>A scripted step behaviour for <see cref="MockExecutor"/>.</summary>
public sealed record MockAction(MockActionKind Kind, TimeSpan Latency = default)
{
    /// <summary>For <see cref="MockActionKind.Gate"/>: the step waits until this is set.</summary>
    public ManualResetEventSlim? Gate { get; init; }

    public static MockAction Normal { get; } = new(MockActionKind.Normal);

    public static MockAction Hang { get; } = new(MockActionKind.Hang);

    public static MockAction DeviceError { get; } = new(MockActionKind.DeviceError);

    public static MockAction Throw { get; } = new(MockActionKind.Throw);

    public static MockAction KvExhausted { get; } = new(MockActionKind.KvExhausted);

    public static MockAction Delay(TimeSpan latency) => new(MockActionKind.Delay, latency);

    public static MockAction DelayIgnoringAbort(TimeSpan latency) => new(MockActionKind.DelayIgnoringAbort, latency);

    /// <summary>
    /// Holds the step until <paramref name="gate"/> is set, then decodes normally: tests use it to let requests pile up in
    /// the queue while the engine is busy, so they are admitted together by construction rather than by thread timing.
    /// </summary>
    public static MockAction WaitFor(ManualResetEventSlim gate) => new(MockActionKind.Gate) { Gate = gate };
}
