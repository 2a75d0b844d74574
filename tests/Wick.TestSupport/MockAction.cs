namespace Wick.TestSupport;

/// <summary>A scripted step behaviour for <see cref="MockExecutor"/>.</summary>
public sealed record MockAction(MockActionKind Kind, TimeSpan Latency = default)
{
    public static MockAction Normal { get; } = new(MockActionKind.Normal);

    public static MockAction Hang { get; } = new(MockActionKind.Hang);

    public static MockAction DeviceError { get; } = new(MockActionKind.DeviceError);

    public static MockAction Throw { get; } = new(MockActionKind.Throw);

    public static MockAction KvExhausted { get; } = new(MockActionKind.KvExhausted);

    public static MockAction Delay(TimeSpan latency) => new(MockActionKind.Delay, latency);

    public static MockAction DelayIgnoringAbort(TimeSpan latency) => new(MockActionKind.DelayIgnoringAbort, latency);
}
