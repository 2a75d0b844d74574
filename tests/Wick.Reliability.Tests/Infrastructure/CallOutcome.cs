using System.Text;

namespace Wick.Reliability.Tests.Infrastructure;

/// <summary>How one API call ended, as the client saw it.</summary>
internal sealed class CallOutcome
{
    private readonly StringBuilder content = new();

    /// <summary>HTTP status; 0 when no response arrived.</summary>
    public int Status { get; set; }

    public string? RetryAfter { get; set; }

    public bool Streamed { get; set; }

    /// <summary>The generated text of choice 0 (streamed deltas or the whole message).</summary>
    public string Content => content.ToString();

    public string? FinishReason { get; set; }

    /// <summary>The OpenAI error code, from the error body or from the SSE error event.</summary>
    public string? ErrorCode { get; set; }

    /// <summary>Set when an error body or event did not have OpenAI's shape.</summary>
    public string? ShapeProblem { get; set; }

    public bool ErrorWasEvent { get; set; }

    /// <summary>The stream ended with <c>data: [DONE]</c>.</summary>
    public bool SawDone { get; set; }

    /// <summary>Milliseconds from sending to the first generated text.</summary>
    public double? TimeToFirstTokenMs { get; set; }

    public double TotalMs { get; set; }

    /// <summary>The connection broke or the response was malformed (not a client cancel).</summary>
    public Exception? TransportFailure { get; set; }

    /// <summary>The client gave up (its own cancellation).</summary>
    public bool ClientCancelled { get; set; }

    /// <summary>200, a finish reason, no error, and for streams the final <c>[DONE]</c>.</summary>
    public bool Completed => Status == 200 && FinishReason is not null && ErrorCode is null && TransportFailure is null && !ClientCancelled && (!Streamed || SawDone);

    /// <summary>A clear error: an OpenAI-shaped error body, or an SSE error event followed by <c>[DONE]</c>.</summary>
    public bool EndedWithClearError => ErrorCode is not null && ShapeProblem is null && TransportFailure is null && (!ErrorWasEvent || SawDone);

    public void Append(string text) => content.Append(text);

    public override string ToString() =>
        $"status={Status} finish={FinishReason} error={ErrorCode} event={ErrorWasEvent} done={SawDone} cancelled={ClientCancelled} " +
        $"transport={TransportFailure?.GetType().Name}:{TransportFailure?.Message} shape={ShapeProblem} content='{ErrorShape.Clip(Content, 60)}'";
}
