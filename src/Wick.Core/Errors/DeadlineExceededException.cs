namespace Wick.Core.Errors;

/// <summary>The request's own deadline (first token or total) passed before it finished (504).</summary>
public sealed class DeadlineExceededException : WickException
{
    public DeadlineExceededException(string which, TimeSpan limit)
        : base($"The request's {which} deadline of {limit.TotalMilliseconds:0} ms passed before it finished.")
    {
        Which = which;
    }

    /// <summary><c>first_token</c> or <c>total</c>.</summary>
    public string Which { get; }

    public override int HttpStatus => 504;

    public override string ErrorType => "server_error";

    public override string Code => "deadline_exceeded";
}
