using Wick.Core.Errors;

namespace Wick.Hub.Errors;

/// <summary>A model reference is neither <c>owner/repo[:file][@revision]</c> nor a path to a <c>.gguf</c> file (400).</summary>
public sealed class InvalidModelReferenceException : WickException
{
    public InvalidModelReferenceException(string message)
        : base(message)
    {
    }

    public override int HttpStatus => 400;

    public override string ErrorType => "invalid_request_error";

    public override string Code => "invalid_model_reference";

    public override string Param => "model";
}
