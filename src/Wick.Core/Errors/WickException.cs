namespace Wick.Core.Errors;

/// <summary>
/// The root of Wick's typed errors. Each carries what the HTTP layer needs to answer in OpenAI's error shape
/// (<c>{"error":{"message","type","param","code"}}</c>); the mapping to a response lives in one place in the server.
/// </summary>
public abstract class WickException : Exception
{
    protected WickException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>HTTP status the server answers with (400, 404, 422, 429, 503, 504, 500...).</summary>
    public abstract int HttpStatus { get; }

    /// <summary>OpenAI error <c>type</c>, e.g. <c>invalid_request_error</c>, <c>server_error</c>.</summary>
    public abstract string ErrorType { get; }

    /// <summary>OpenAI error <c>code</c>, a stable machine-readable name; null when none applies.</summary>
    public virtual string? Code => null;

    /// <summary>The request parameter at fault (OpenAI wire name), when one is.</summary>
    public virtual string? Param => null;

    /// <summary>Seconds a client should wait before retrying (429/503), when retrying makes sense.</summary>
    public virtual int? RetryAfterSeconds => null;
}
