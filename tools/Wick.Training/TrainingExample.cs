namespace Wick.Training;

/// <summary>
/// One training sequence: <c>[BOS] prompt answer [EOS]</c> as token ids. The loss covers the answer tokens and the EOS,
/// i.e. the targets from index <see cref="AnswerStart"/> on.
/// </summary>
public sealed record TrainingExample(int[] Tokens, int AnswerStart);
