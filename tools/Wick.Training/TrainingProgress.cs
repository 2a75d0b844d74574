namespace Wick.Training;

/// <summary>A progress report: the mean answer-token loss of the last reported steps.</summary>
public sealed record TrainingProgress(int Step, int Steps, double Loss, float LearningRate, TimeSpan Elapsed);
