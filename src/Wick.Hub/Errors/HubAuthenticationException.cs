using Wick.Core.Errors;

namespace Wick.Hub.Errors;

/// <summary>The hub refused access (401/403): no token, a wrong token, or a gated repository whose terms were not accepted.</summary>
public sealed class HubAuthenticationException : WickException
{
    public HubAuthenticationException(string message, int hubStatus)
        : base(message)
    {
        HubStatus = hubStatus;
    }

    /// <summary>The status code the hub answered with.</summary>
    public int HubStatus { get; }

    public override int HttpStatus => 401;

    public override string ErrorType => "authentication_error";

    public override string Code => "hub_authentication_failed";
}
