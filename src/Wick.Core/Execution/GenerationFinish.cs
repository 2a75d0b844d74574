using Wick.Core.Errors;

namespace Wick.Core.Execution;

/// <summary>How a request ended: the reason, its token usage, and the typed error when the reason is <see cref="FinishReason.Error"/>.</summary>
public sealed record GenerationFinish(FinishReason Reason, GenerationUsage Usage, WickException? Error = null);
