namespace Wick.Core.Errors;

/// <summary>A generation request the engine can never run as given: empty prompt, token ids outside the vocabulary, bad limits (400).</summary>
public sealed class InvalidGenerationRequestException : WickException
{
    public InvalidGenerationRequestException(string message, string param)
        : base(message)
    {
        Param = param;
    }

    public override int HttpStatus => 400;

    public override string ErrorType => "invalid_request_error";

    public override string Code => "invalid_value";

    public override string Param { get; }
}
