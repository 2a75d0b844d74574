using Wick.Core.Errors;

namespace Wick.Hub.Errors;

/// <summary>Downloaded or cached bytes are not the file the hub (or the lock file) published: wrong hash or size (502).</summary>
public sealed class ModelIntegrityMismatchException : WickException
{
    public ModelIntegrityMismatchException(string message)
        : base(message)
    {
    }

    public override int HttpStatus => 502;

    public override string ErrorType => "server_error";

    public override string Code => "model_integrity_mismatch";
}
