using Wick.Hub.Errors;

namespace Wick.Hub;

/// <summary>Where the hub is, who we are, where the cache lives, and whether the network may be used. Built from the same
/// environment variables <c>huggingface_hub</c> reads, so both tools share one cache and one login.</summary>
public sealed record HubOptions
{
    /// <summary>https://huggingface.co, the endpoint when <c>HF_ENDPOINT</c> is not set.</summary>
    public static readonly Uri DefaultEndpoint = new("https://huggingface.co");

    private static readonly string[] TrueValues = ["1", "ON", "YES", "TRUE"];

    /// <summary>The hub's base address (<c>HF_ENDPOINT</c>); a mirror may add a path prefix.</summary>
    public Uri Endpoint { get; init; } = DefaultEndpoint;

    /// <summary>The access token sent as <c>Authorization: Bearer</c> (<c>HF_TOKEN</c>, or the token file of
    /// <c>huggingface-cli login</c>); null sends none.</summary>
    public string? Token { get; init; }

    /// <summary>The hub cache folder holding <c>models--owner--repo</c> folders (<c>HF_HUB_CACHE</c>, default
    /// <c>$HF_HOME/hub</c>).</summary>
    public required string CacheDirectory { get; init; }

    /// <summary>No network at all (<c>HF_HUB_OFFLINE=1</c>): only what is in the cache can be used.</summary>
    public bool Offline { get; init; }

    /// <summary>How many times one file's transfer may start (the first try and resumes after a cut connection).</summary>
    public int MaxDownloadAttempts { get; init; } = 5;

    /// <summary>Pause before resuming a transfer that failed.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one read of a download may wait for bytes before the transfer counts as stalled and resumes.</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often to retry a file lock that another process holds.</summary>
    public TimeSpan LockPollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Reads the process environment; see <see cref="FromEnvironment(Func{string, string?})"/>.</summary>
    public static HubOptions FromEnvironment() => FromEnvironment(Environment.GetEnvironmentVariable);

    /// <summary>
    /// <c>HF_ENDPOINT</c>; <c>HF_TOKEN</c>, else <c>HUGGING_FACE_HUB_TOKEN</c>, else the file at <c>HF_TOKEN_PATH</c> or
    /// <c>$HF_HOME/token</c>; <c>HF_HUB_CACHE</c>, else <c>HUGGINGFACE_HUB_CACHE</c>, else <c>$HF_HOME/hub</c> with
    /// <c>HF_HOME</c> defaulting to <c>$XDG_CACHE_HOME/huggingface</c> or <c>~/.cache/huggingface</c>;
    /// <c>HF_HUB_OFFLINE</c> (1/on/yes/true).
    /// </summary>
    public static HubOptions FromEnvironment(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        string? Get(string name) => getVariable(name) is { Length: > 0 } value ? value.Trim() : null;

        var home = Get("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var hfHome = ExpandHome(Get("HF_HOME"), home)
            ?? Path.Combine(ExpandHome(Get("XDG_CACHE_HOME"), home) ?? Path.Combine(home, ".cache"), "huggingface");
        var cache = ExpandHome(Get("HF_HUB_CACHE") ?? Get("HUGGINGFACE_HUB_CACHE"), home) ?? Path.Combine(hfHome, "hub");
        var endpoint = Get("HF_ENDPOINT") is { } e ? ParseEndpoint(e) : DefaultEndpoint;
        var token = Get("HF_TOKEN") ?? Get("HUGGING_FACE_HUB_TOKEN")
            ?? ReadTokenFile(ExpandHome(Get("HF_TOKEN_PATH"), home) ?? Path.Combine(hfHome, "token"));
        var offline = Get("HF_HUB_OFFLINE") is { } o && TrueValues.Contains(o, StringComparer.OrdinalIgnoreCase);
        return new HubOptions { Endpoint = endpoint, Token = token, CacheDirectory = cache, Offline = offline };
    }

    private static Uri ParseEndpoint(string value) =>
        Uri.TryCreate(value.TrimEnd('/'), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new HubUnavailableException($"HF_ENDPOINT '{value}' is not an absolute http(s) URL: set it to the hub's address (e.g. https://huggingface.co) or unset it.");

    private static string? ExpandHome(string? path, string home) =>
        path is not null && (path == "~" || path.StartsWith("~/", StringComparison.Ordinal))
            ? Path.Combine(home, path.Length > 2 ? path[2..] : string.Empty)
            : path;

    private static string? ReadTokenFile(string path)
    {
        var token = File.Exists(path) ? File.ReadAllText(path).Trim() : string.Empty;
        return token.Length > 0 ? token : null;
    }
}
