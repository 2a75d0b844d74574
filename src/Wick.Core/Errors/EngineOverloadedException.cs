namespace Wick.Core.Errors;

/// <summary>The admission queue is full (requests or tokens); the request never entered the engine and may be retried (429).</summary>
public sealed class EngineOverloadedException : WickException
{
    public EngineOverloadedException(string message, int retryAfterSeconds)
        : base(message)
    {
        RetryAfterSeconds = retryAfterSeconds;
    }

    public override int HttpStatus => 429;

    public override string ErrorType => "rate_limit_error";

    public override string Code => "engine_overloaded";

    public override int? RetryAfterSeconds { get; }
}
