using Wick.Core.Errors;

namespace Wick.Hub.Errors;

/// <summary>A file selector matches more than one model in a repository, or a split model lacks shards (400).
/// <see cref="Candidates"/> lists what matched, so the message can tell the user what to pick.</summary>
public sealed class ModelSelectionException : WickException
{
    public ModelSelectionException(string message, IReadOnlyList<string> candidates)
        : base(message)
    {
        Candidates = candidates;
    }

    public IReadOnlyList<string> Candidates { get; }

    public override int HttpStatus => 400;

    public override string ErrorType => "invalid_request_error";

    public override string Code => "ambiguous_model_file";

    public override string Param => "model";
}
