using Wick.Core.Errors;

namespace Wick.Core.Certification;

/// <summary>A probe file that cannot be used, with the reason.</summary>
public sealed class ProbeFileException(string path, string reason, Exception? inner = null)
    : WickException($"Probe file '{path}' cannot be used: {reason}", inner)
{
    public override int HttpStatus => 400;

    public override string ErrorType => "invalid_request_error";

    public override string? Code => "invalid_probe_file";
}
