namespace Wick.Core.Errors;

/// <summary>The consumer of a token stream fell too far behind; the engine ended the request rather than buffer without bound.</summary>
public sealed class SlowConsumerException : WickException
{
    public SlowConsumerException(int bufferedEvents)
        : base($"The client read the token stream too slowly: {bufferedEvents} events were waiting unread, so generation was stopped.")
    {
    }

    public override int HttpStatus => 503;

    public override string ErrorType => "server_error";

    public override string Code => "slow_consumer";
}
