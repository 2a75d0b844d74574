namespace Wick.TestSupport;

/// <summary>What the mock executor does in one step.</summary>
public enum MockActionKind
{
    /// <summary>Decode normally (after the configured default latency).</summary>
    Normal,

    /// <summary>Take <see cref="MockAction.Latency"/>; an abort during it ends the step as aborted.</summary>
    Delay,

    /// <summary>Take <see cref="MockAction.Latency"/> and finish normally even if aborted (a device that ignores the abort flag).</summary>
    DelayIgnoringAbort,

    /// <summary>Wait until <see cref="MockAction.Gate"/> is set (an abort ends the step as aborted), then decode normally.</summary>
    Gate,

    /// <summary>Block until aborted.</summary>
    Hang,

    /// <summary>Return a device failure.</summary>
    DeviceError,

    /// <summary>Throw from <c>Decode</c>.</summary>
    Throw,

    /// <summary>Report no KV room (llama.cpp's NoKvSlot).</summary>
    KvExhausted,
}
