namespace Wick.Server.Configuration;

/// <summary>Start-up configuration that cannot be used; the message lists every problem, one per line.</summary>
public sealed class OptionsValidationException(IReadOnlyList<string> errors)
    : Exception("Invalid configuration:" + string.Concat(errors.Select(e => Environment.NewLine + "  - " + e)))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
