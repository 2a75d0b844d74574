using System.Collections.Concurrent;

namespace Wick.Reliability.Tests.Fuzzing;

/// <summary>The fuzzing figures of one endpoint and every response that broke the contract.</summary>
internal sealed class FuzzReport
{
    public ConcurrentDictionary<int, int> Statuses { get; } = new();

    public ConcurrentDictionary<string, int> ErrorCodes { get; } = new();

    public ConcurrentDictionary<string, int> Kinds { get; } = new();

    public ConcurrentQueue<string> Violations { get; } = new();

    public int Sent;

    public int Dropped;

    public int DeadlinesMissed;

    /// <summary>Request lines Kestrel itself refuses (NUL in the path): a bare 400 with Connection: close, before any Wick code runs.</summary>
    public int KestrelRejections;


    public double Seconds;

    public ConcurrentQueue<double> LatenciesMs { get; } = new();

    /// <summary>The slowest answer per kind of case, in ms.</summary>
    public ConcurrentDictionary<string, double> SlowestMs { get; } = new();
}
