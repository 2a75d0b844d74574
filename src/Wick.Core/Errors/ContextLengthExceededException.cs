namespace Wick.Core.Errors;

/// <summary>The prompt can never fit the model's context, whatever the load (422: retrying the same request cannot help).</summary>
public sealed class ContextLengthExceededException : WickException
{
    public ContextLengthExceededException(int promptTokens, int contextTokens)
        : base($"The prompt has {promptTokens} tokens, but this model's context holds at most {contextTokens} tokens including at least one generated token.")
    {
        PromptTokens = promptTokens;
        ContextTokens = contextTokens;
    }

    public int PromptTokens { get; }

    public int ContextTokens { get; }

    public override int HttpStatus => 422;

    public override string ErrorType => "invalid_request_error";

    public override string Code => "context_length_exceeded";

    public override string Param => "messages";
}
