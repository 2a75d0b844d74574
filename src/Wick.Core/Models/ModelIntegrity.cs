using System.Security.Cryptography;

namespace Wick.Core.Models;

/// <summary>Checks that a model file is the one its manifest describes.</summary>
public static class ModelIntegrity
{
    /// <summary>Lower-case hex SHA-256 of a file.</summary>
    public static string ComputeSha256(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 20);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>Throws <see cref="ModelIntegrityException"/> naming the path and both hashes unless the file's SHA-256
    /// is <paramref name="expectedSha256"/> (hex, either case).</summary>
    public static void VerifySha256(string ggufPath, string expectedSha256)
    {
        ArgumentException.ThrowIfNullOrEmpty(ggufPath);
        ArgumentException.ThrowIfNullOrEmpty(expectedSha256);
        if (!File.Exists(ggufPath))
        {
            throw new ModelIntegrityException($"Model file '{ggufPath}' does not exist (expected sha256 {expectedSha256}).");
        }

        var actual = ComputeSha256(ggufPath);
        if (!string.Equals(actual, expectedSha256.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            throw new ModelIntegrityException(ggufPath, expectedSha256, actual);
        }
    }
}
