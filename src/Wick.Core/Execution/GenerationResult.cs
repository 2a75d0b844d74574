namespace Wick.Core.Execution;

/// <summary>A whole stream read to its end: the text, the sampled token ids (emitted ones) and how it finished.</summary>
public sealed record GenerationResult(string Text, IReadOnlyList<int> TokenIds, GenerationFinish Finish);
