namespace Wick.Core.Execution;

/// <summary>Why the watchdog aborted a step, if it did.</summary>
internal enum StepAbortReason
{
    None,

    /// <summary>The step ran past <see cref="EngineOptions.StepTimeout"/>.</summary>
    Timeout,

    /// <summary>A request prefilling in the step was cancelled; its long prefill is not worth finishing.</summary>
    Cancelled,

    /// <summary>The shutdown drain deadline passed.</summary>
    Shutdown,
}
