namespace Wick.Core.Execution;

/// <summary>Why a generation ended (OpenAI's <c>finish_reason</c>, plus the two ways a request ends without finishing).</summary>
public enum FinishReason
{
    /// <summary>An end-of-generation token or a stop string.</summary>
    Stop,

    /// <summary><c>max_tokens</c> (as capped to the context) was reached.</summary>
    Length,

    /// <summary>The request's cancellation token fired (client gone, caller cancelled).</summary>
    Cancelled,

    /// <summary>A typed error ended it; see <see cref="GenerationFinish.Error"/>.</summary>
    Error,
}
