namespace Wick.Reliability.Tests.Infrastructure;

/// <summary>Managed heap (live bytes), working set, and the large- and pinned-object heaps after a full collection.</summary>
internal sealed record MemorySample(double HeapMb, double WorkingSetMb, double LiveMb, double LargeObjectHeapMb, double PinnedObjectHeapMb, double FragmentedMb);
