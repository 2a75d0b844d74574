namespace Wick.Core.Errors;

/// <summary>The engine is shutting down: new requests are refused and unfinished ones end at the drain deadline (503).</summary>
public sealed class EngineShutdownException : WickException
{
    public EngineShutdownException(string message, int retryAfterSeconds)
        : base(message)
    {
        RetryAfterSeconds = retryAfterSeconds;
    }

    public override int HttpStatus => 503;

    public override string ErrorType => "server_error";

    public override string Code => "shutting_down";

    public override int? RetryAfterSeconds { get; }
}
