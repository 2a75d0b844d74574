using Wick.Core.Errors;

namespace Wick.Hub.Errors;

/// <summary>The hub could not be reached, answered with a server error, or a download kept failing (503).</summary>
public sealed class HubUnavailableException : WickException
{
    public HubUnavailableException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    public override int HttpStatus => 503;

    public override string ErrorType => "server_error";

    public override string Code => "hub_unavailable";
}
