namespace Wick.Training;

/// <summary>The trained weights and how long training took.</summary>
public sealed record TrainingResult(TinyLlamaWeights Weights, ArithmeticData Data, TimeSpan Elapsed, double FinalLoss);
