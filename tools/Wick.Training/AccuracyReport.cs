namespace Wick.Training;

/// <summary>How many problems of one kind were answered right, and the wrong answers.</summary>
public sealed record AccuracyReport(string Name, int Correct, int Total, IReadOnlyList<string> Failures)
{
    /// <summary>Correct / Total.</summary>
    public double Accuracy => Total == 0 ? 0 : (double)Correct / Total;

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: {Correct}/{Total}";
}
