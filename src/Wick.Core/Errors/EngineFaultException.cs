namespace Wick.Core.Errors;

/// <summary>The device or the engine failed while processing this request (500); other requests keep being served.</summary>
public sealed class EngineFaultException : WickException
{
    public EngineFaultException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    public override int HttpStatus => 500;

    public override string ErrorType => "server_error";

    public override string Code => "engine_fault";
}
