using System.ComponentModel.DataAnnotations;

namespace Wick.Server.Configuration;

/// <summary>
/// Everything a Wick server is configured with. Bound from (lowest to highest precedence) defaults,
/// <c>appsettings.json</c>, <c>WICK_*</c> environment variables and command-line flags; validated at start-up.
/// </summary>
public sealed class WickOptions
{
    /// <summary>GGUF path; null serves the embedded tiny model.</summary>
    public string? Model { get; set; }

    /// <summary>The id clients use in <c>model</c>; defaults to the file name without extension.</summary>
    public string? ModelAlias { get; set; }

    [Required(AllowEmptyStrings = false)]
    public string Host { get; set; } = "127.0.0.1";

    [Range(0, 65535)]
    public int Port { get; set; } = 8080;

    /// <summary>Accepted bearer keys; empty means the API is open.</summary>
    public List<string> ApiKeys { get; set; } = [];

    /// <summary>KV cache size in tokens, shared by all sequences (0 = the model's training context × max sequences).</summary>
    [Range(0, 1 << 24)]
    public int ContextSize { get; set; }

    /// <summary>Sequences decoded together (llama.cpp <c>n_seq_max</c>).</summary>
    [Range(1, 256)]
    public int MaxSequences { get; set; } = 32;

    /// <summary>Tokens one decode step may carry (prefill chunks plus one per running sequence).</summary>
    [Range(1, 65536)]
    public int StepTokenBudget { get; set; } = 512;

    /// <summary>CPU threads for decode (0 = all cores).</summary>
    [Range(0, 1024)]
    public int Threads { get; set; }

    [Range(0.001, 3600)]
    public double StepTimeoutSeconds { get; set; } = 30;

    [Range(0.001, 86400)]
    public double QueueWaitTimeoutSeconds { get; set; } = 60;

    [Range(0.001, 86400)]
    public double RequestTimeoutSeconds { get; set; } = 600;

    [Range(0, 1_000_000)]
    public int MaxQueuedRequests { get; set; } = 1024;

    [Range(0, int.MaxValue)]
    public int MaxQueuedTokens { get; set; } = 1 << 20;

    [Range(1024, 1L << 30)]
    public long MaxRequestBodyBytes { get; set; } = 4 << 20;

    [Range(0, 3600)]
    public double DrainTimeoutSeconds { get; set; } = 30;

    /// <summary>Run the certification probes before reporting ready; null = on for the embedded model only.</summary>
    public bool? CertifyOnStart { get; set; }

    /// <summary>Origins allowed by CORS; empty = CORS off.</summary>
    public List<string> CorsOrigins { get; set; } = [];
}
