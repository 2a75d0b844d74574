namespace Wick.Core.Errors;

/// <summary>A model that cannot be loaded as configured (file, memory, settings); the message says what to change.</summary>
public sealed class ModelLoadException(string message, Exception? innerException = null) : WickException(message, innerException)
{
    public override int HttpStatus => 500;

    public override string ErrorType => "server_error";

    public override string? Code => "model_load_failed";
}
