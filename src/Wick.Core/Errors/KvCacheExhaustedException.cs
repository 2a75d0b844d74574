namespace Wick.Core.Errors;

/// <summary>The device had no KV cache room for this request even running alone (503, retryable once load drops).</summary>
public sealed class KvCacheExhaustedException : WickException
{
    public KvCacheExhaustedException(int retryAfterSeconds)
        : base("The device ran out of KV cache space for this request even after preempting every other request.")
    {
        RetryAfterSeconds = retryAfterSeconds;
    }

    public override int HttpStatus => 503;

    public override string ErrorType => "server_error";

    public override string Code => "kv_cache_exhausted";

    public override int? RetryAfterSeconds { get; }
}
