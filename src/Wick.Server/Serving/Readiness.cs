namespace Wick.Server.Serving;

/// <summary>
/// Whether the server may take traffic: the model is loaded and, when asked for, the start-up certification passed.
/// A full queue never makes the server unready; that is what 429/503 are for.
/// </summary>
public sealed class Readiness
{
    private volatile string? _notReadyReason = "the model is loading";

    public bool IsReady => _notReadyReason is null;

    public string? NotReadyReason => _notReadyReason;

    public void MarkReady() => _notReadyReason = null;

    public void MarkNotReady(string reason) => _notReadyReason = reason;
}
