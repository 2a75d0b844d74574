namespace Wick.Core.Errors;

/// <summary>The request waited in the admission queue longer than allowed and never reached the device (503, retryable).</summary>
public sealed class QueueTimeoutException : WickException
{
    public QueueTimeoutException(TimeSpan waited, int retryAfterSeconds)
        : base($"The request waited {waited.TotalSeconds:0.###} s in the admission queue without being scheduled; the server is busy.")
    {
        RetryAfterSeconds = retryAfterSeconds;
    }

    public override int HttpStatus => 503;

    public override string ErrorType => "server_error";

    public override string Code => "queue_timeout";

    public override int? RetryAfterSeconds { get; }
}
