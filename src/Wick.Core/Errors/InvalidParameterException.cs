namespace Wick.Core.Errors;

/// <summary>
/// A request parameter is out of range or malformed (HTTP 400, <c>invalid_request_error</c>). <see cref="Param"/> is the
/// OpenAI wire name of the parameter (<c>temperature</c>, <c>top_p</c>, <c>logit_bias</c>...).
/// </summary>
public sealed class InvalidParameterException : WickException
{
    public InvalidParameterException(string param, string code, string message)
        : base(message)
    {
        ArgumentException.ThrowIfNullOrEmpty(param);
        ArgumentException.ThrowIfNullOrEmpty(code);
        ParamName = param;
        ErrorCode = code;
    }

    public override int HttpStatus => 400;

    public override string ErrorType => "invalid_request_error";

    public override string? Code => ErrorCode;

    public override string? Param => ParamName;

    private string ParamName { get; }

    private string ErrorCode { get; }
}
