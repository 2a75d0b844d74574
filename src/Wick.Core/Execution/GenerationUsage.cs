namespace Wick.Core.Execution;

/// <summary>Token counts of one request: prompt tokens and sampled tokens (an end-of-generation token counts).</summary>
public readonly record struct GenerationUsage(int PromptTokens, int CompletionTokens)
{
    public int TotalTokens => PromptTokens + CompletionTokens;
}
