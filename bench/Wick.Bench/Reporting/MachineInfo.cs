using System.Runtime.InteropServices;

namespace Wick.Bench.Reporting;

/// <summary>The machine a run measured on: enough to tell two runs apart, and how loaded it was when it started.</summary>
internal sealed record MachineInfo(string Cpu, int LogicalCores, double MemoryGiB, string Os, string Runtime, string? LoadAverage)
{
    public static MachineInfo Current() => new(
        CpuName(),
        Environment.ProcessorCount,
        Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024), 1),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        ReadLoadAverage());

    public static string? ReadLoadAverage() => Read("/proc/loadavg") is { } line ? string.Join(' ', line.Split(' ').Take(3)) : null;

    private static string CpuName() =>
        Read("/proc/cpuinfo")?.Split('\n').FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
        ?? RuntimeInformation.ProcessArchitecture.ToString();

    private static string? Read(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
