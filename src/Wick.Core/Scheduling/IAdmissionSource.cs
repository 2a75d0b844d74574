namespace Wick.Core.Scheduling;

/// <summary>Where the scheduler takes new sequences from, in order (the parking lot).</summary>
internal interface IAdmissionSource
{
    /// <summary>The next sequence to admit, left in place; null when none waits.</summary>
    Sequence? Peek();

    /// <summary>Removes <paramref name="sequence"/>, the one <see cref="Peek"/> just returned.</summary>
    void Take(Sequence sequence);
}
