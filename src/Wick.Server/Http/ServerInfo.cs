namespace Wick.Server.Http;

/// <summary>What the server says about itself in responses.</summary>
internal static class ServerInfo
{
    /// <summary>OpenAI's <c>system_fingerprint</c>: identifies the serving build.</summary>
    public static readonly string Fingerprint = "wick-" + (typeof(ServerInfo).Assembly.GetName().Version?.ToString() ?? "0");
}
