using System.Security.Cryptography;

namespace Wick.Hub.Tests.Support;

internal static class Sha
{
    public static string Of(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public static string OfFile(string path) => Of(File.ReadAllBytes(path));
}
