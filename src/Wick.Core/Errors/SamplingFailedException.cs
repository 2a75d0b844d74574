namespace Wick.Core.Errors;

/// <summary>
/// No token could be drawn from a logits row: every entry was NaN or -inf after logit_bias, penalties and ignore_eos.
/// That means broken model output (or a request that banned every token), so it fails the one sequence as a server error.
/// </summary>
public sealed class SamplingFailedException : WickException
{
    public SamplingFailedException(string message)
        : base(message)
    {
    }

    public override int HttpStatus => 500;

    public override string ErrorType => "server_error";

    public override string? Code => "sampling_failed";
}
