using System.Diagnostics;
using System.Runtime;

namespace Wick.Reliability.Tests.Infrastructure;

/// <summary>This process's memory after a full, compacting collection (large-object heap included), in MB.</summary>
internal static class MemoryProbe
{
    public static MemorySample Measure()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        var info = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        var generations = info.GenerationInfo.ToArray();
        using var process = Process.GetCurrentProcess();
        return new MemorySample(
            Mb(GC.GetTotalMemory(forceFullCollection: false)),
            Mb(process.WorkingSet64),
            Mb(info.HeapSizeBytes - info.FragmentedBytes),
            Mb(generations.Length > 3 ? generations[3].SizeAfterBytes : 0),
            Mb(generations.Length > 4 ? generations[4].SizeAfterBytes : 0),
            Mb(info.FragmentedBytes));
    }

    private static double Mb(long bytes) => Math.Round(bytes / 1048576.0, 1);
}
