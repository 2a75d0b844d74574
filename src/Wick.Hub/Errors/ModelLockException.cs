using Wick.Core.Errors;

namespace Wick.Hub.Errors;

/// <summary>The model lock file is unreadable or invalid, or what is installed or published differs from what it pins (400).</summary>
public sealed class ModelLockException : WickException
{
    public ModelLockException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    public override int HttpStatus => 400;

    public override string ErrorType => "invalid_request_error";

    public override string Code => "model_lock_mismatch";
}
