namespace Wick.Core.Models;

/// <summary>A model file or its manifest is missing, unreadable, or not the file the manifest describes.</summary>
public sealed class ModelIntegrityException : Exception
{
    public ModelIntegrityException(string message)
        : base(message)
    {
    }

    public ModelIntegrityException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ModelIntegrityException(string path, string expectedSha256, string actualSha256)
        : base($"Model file '{path}' failed its integrity check: expected sha256 {expectedSha256}, actual sha256 {actualSha256}.")
    {
        Path = path;
        ExpectedSha256 = expectedSha256;
        ActualSha256 = actualSha256;
    }

    public string? Path { get; }

    public string? ExpectedSha256 { get; }

    public string? ActualSha256 { get; }
}
