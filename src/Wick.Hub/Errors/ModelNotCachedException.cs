using Wick.Core.Errors;

namespace Wick.Hub.Errors;

/// <summary>A model is not in the local cache and may not be downloaded (offline mode, or downloads turned off) (503).</summary>
public sealed class ModelNotCachedException : WickException
{
    public ModelNotCachedException(string message)
        : base(message)
    {
    }

    public override int HttpStatus => 503;

    public override string ErrorType => "server_error";

    public override string Code => "model_not_cached";
}
