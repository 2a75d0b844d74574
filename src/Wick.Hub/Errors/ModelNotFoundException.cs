using Wick.Core.Errors;

namespace Wick.Hub.Errors;

/// <summary>A repository, revision, file in a repository, or local model file does not exist (404).</summary>
public sealed class ModelNotFoundException : WickException
{
    public ModelNotFoundException(ModelNotFoundKind kind, string message)
        : base(message)
    {
        Kind = kind;
    }

    public ModelNotFoundKind Kind { get; }

    public override int HttpStatus => 404;

    public override string ErrorType => "invalid_request_error";

    public override string Code => "model_not_found";
}
