namespace Wick.Core.Execution;

/// <summary>The result of one <see cref="IModelExecutor.Decode"/>: a status and, when it failed, what the device said.</summary>
public readonly record struct StepOutcome(StepStatus Status, string? Detail = null)
{
    public static StepOutcome Ok => new(StepStatus.Ok);
}
