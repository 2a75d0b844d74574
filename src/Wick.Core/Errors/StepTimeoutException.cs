namespace Wick.Core.Errors;

/// <summary>A device step that carried this request's work ran past the step time limit and was aborted (504).</summary>
public sealed class StepTimeoutException : WickException
{
    public StepTimeoutException(TimeSpan limit)
        : base($"A device step processing this request exceeded the step time limit of {limit.TotalMilliseconds:0} ms and was aborted.")
    {
        Limit = limit;
    }

    public TimeSpan Limit { get; }

    public override int HttpStatus => 504;

    public override string ErrorType => "server_error";

    public override string Code => "step_timeout";
}
