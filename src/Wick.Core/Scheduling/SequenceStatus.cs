namespace Wick.Core.Scheduling;

/// <summary>Where a sequence is in its life. Only the engine thread moves it.</summary>
internal enum SequenceStatus
{
    /// <summary>Admitted into the parking lot, not yet seen by the scheduler.</summary>
    Queued,

    /// <summary>Preempted: holds no KV cells, waits at the front of the scheduler to be recomputed.</summary>
    Waiting,

    /// <summary>Holds a slot and KV cells; gets tokens in every step.</summary>
    Running,

    /// <summary>Done for any reason; holds nothing.</summary>
    Finished,
}
