using System.Text.Json;
using System.Text.Json.Serialization;
using Wick.Bench.Phases;

namespace Wick.Bench.Reporting;

/// <summary>Everything one invocation measured, as written to <c>results.json</c>.</summary>
internal sealed record BenchReport(
    DateTimeOffset Started,
    double Seconds,
    string CommandLine,
    MachineInfo Machine,
    IReadOnlyList<PhaseResult> Phases,
    IReadOnlyList<Comparison> Comparisons,
    IReadOnlyList<ProbeResult> Probes)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Every run when phases were repeated (<see cref="Phases"/> then holds each phase's median run).</summary>
    public IReadOnlyList<PhaseResult>? AllRuns { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}
