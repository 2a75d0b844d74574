using System.Security.Cryptography;
using System.Text;

namespace Wick.Server.Http;

/// <summary>
/// Bearer API keys from configuration. Keys are compared through their SHA-256 digests with a fixed-time comparison,
/// so neither the content nor the length of a configured key leaks through timing. No key configured means open.
/// </summary>
internal sealed class ApiKeyCheck
{
    private readonly byte[][] _digests;

    public ApiKeyCheck(IEnumerable<string> keys) =>
        _digests = keys.Where(k => !string.IsNullOrEmpty(k)).Select(Digest).ToArray();

    public bool IsOpen => _digests.Length == 0;

    /// <summary>Checks an <c>Authorization</c> header value (<c>Bearer KEY</c>); every configured key is compared.</summary>
    public bool IsAuthorized(string? authorizationHeader)
    {
        if (IsOpen)
        {
            return true;
        }

        const string scheme = "Bearer ";
        if (authorizationHeader is null || !authorizationHeader.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var offered = Digest(authorizationHeader[scheme.Length..].Trim());
        var match = false;
        foreach (var digest in _digests)
        {
            match |= CryptographicOperations.FixedTimeEquals(digest, offered);
        }

        return match;
    }

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
