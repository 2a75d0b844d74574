namespace Wick.Training;

/// <summary>How often each kind of fact is drawn (weights, normalised when sampling).</summary>
public sealed record DataMix(double AllSums = 0.55, double SingleDigitSums = 0.15, double SingleDigitDifferences = 0.15, double SingleDigitProducts = 0.15)
{
    /// <summary>Sum of the weights.</summary>
    public double Total => AllSums + SingleDigitSums + SingleDigitDifferences + SingleDigitProducts;
}
