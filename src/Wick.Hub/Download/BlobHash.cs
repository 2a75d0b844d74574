using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Wick.Hub.Download;

/// <summary>The hash a cache blob is named by: the sha256 of the content for LFS files (64 hex digits), or git's blob
/// sha1 (<c>sha1("blob &lt;size&gt;\0" + content)</c>, 40 hex digits) for files kept in git itself.</summary>
internal static class BlobHash
{
    private const int BufferSize = 1 << 20;

    public static bool IsSha256(string etag) => etag.Length == 64 && IsLowerHex(etag);

    public static bool IsGitSha1(string etag) => etag.Length == 40 && IsLowerHex(etag);

    public static bool IsVerifiable(string etag) => IsSha256(etag) || IsGitSha1(etag);

    /// <summary>Hashes <paramref name="path"/> the way <paramref name="etag"/> was computed (sha256 or git sha1) and
    /// returns the lower-case hex, reporting the bytes read so far.</summary>
    public static async Task<string> ComputeAsync(string path, string etag, Action<long> onBytes, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, useAsync: true);
        using var hash = IncrementalHash.CreateHash(IsGitSha1(etag) ? HashAlgorithmName.SHA1 : HashAlgorithmName.SHA256);
        if (IsGitSha1(etag))
        {
            hash.AppendData(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"blob {stream.Length}\0")));
        }

        var buffer = new byte[BufferSize];
        long done = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            done += read;
            onBytes(done);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static bool IsLowerHex(string text) => text.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}
