using System.CommandLine;
using System.Globalization;

namespace Wick.Cli.Commands;

/// <summary>
/// The flags that map onto <see cref="Wick.Server.Configuration.WickOptions"/>. A flag that is not given leaves the value
/// from <c>appsettings.json</c> or <c>WICK_*</c> in force; the mapping names the option each flag sets.
/// </summary>
internal sealed class ServerFlags
{
    public Option<string?> Model { get; } = new("--model", "-m") { Description = "GGUF file to serve (default: the embedded tiny model)" };

    public Option<string?> ModelAlias { get; } = new("--model-alias") { Description = "Model id clients send as 'model' (default: the file name)" };

    public Option<string?> Host { get; } = new("--host") { Description = "Address to listen on (default 127.0.0.1)" };

    public Option<int?> Port { get; } = new("--port", "-p") { Description = "Port to listen on (default 8080)" };

    public Option<string[]> ApiKey { get; } = new("--api-key") { Description = "Accepted bearer key (repeatable); none = open", AllowMultipleArgumentsPerToken = false };

    public Option<int?> ContextSize { get; } = new("--ctx-size", "-c") { Description = "KV cache size in tokens shared by all sequences (0 = automatic)" };

    public Option<int?> MaxSequences { get; } = new("--parallel", "-np") { Description = "Sequences decoded together (default 32)" };

    public Option<int?> Threads { get; } = new("--threads", "-t") { Description = "CPU threads for decode (default: all cores)" };

    public Option<double?> StepTimeout { get; } = new("--step-timeout") { Description = "Seconds one device step may run before it is aborted (default 30)" };

    public Option<double?> RequestTimeout { get; } = new("--request-timeout") { Description = "Seconds a request may take in all (default 600)" };

    public Option<int?> MaxQueued { get; } = new("--max-queued") { Description = "Requests that may wait; more get 429 (default 1024)" };

    public Option<bool?> CertifyOnStart { get; } = new("--certify-on-start") { Description = "Run certification probes before reporting ready (default: on for the embedded model)" };

    public Option<string?> Settings { get; } = new("--settings") { Description = "Settings file (default: appsettings.json if present)" };

    public IEnumerable<Option> All => [Model, ModelAlias, Host, Port, ApiKey, ContextSize, MaxSequences, Threads, StepTimeout, RequestTimeout, MaxQueued, CertifyOnStart, Settings];

    /// <summary>The given flags as configuration keys of <c>WickOptions</c>.</summary>
    public Dictionary<string, string?> ToOverrides(ParseResult parse)
    {
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Model"] = parse.GetValue(Model),
            ["ModelAlias"] = parse.GetValue(ModelAlias),
            ["Host"] = parse.GetValue(Host),
            ["Port"] = Format(parse.GetValue(Port)),
            ["ContextSize"] = Format(parse.GetValue(ContextSize)),
            ["MaxSequences"] = Format(parse.GetValue(MaxSequences)),
            ["Threads"] = Format(parse.GetValue(Threads)),
            ["StepTimeoutSeconds"] = Format(parse.GetValue(StepTimeout)),
            ["RequestTimeoutSeconds"] = Format(parse.GetValue(RequestTimeout)),
            ["MaxQueuedRequests"] = Format(parse.GetValue(MaxQueued)),
            ["CertifyOnStart"] = parse.GetValue(CertifyOnStart) is { } certify ? certify.ToString(CultureInfo.InvariantCulture) : null,
        };
        var keys = parse.GetValue(ApiKey) ?? [];
        for (var i = 0; i < keys.Length; i++)
        {
            overrides[$"ApiKeys:{i}"] = keys[i];
        }

        return overrides;
    }

    private static string? Format(IFormattable? value) => value?.ToString(null, CultureInfo.InvariantCulture);
}
