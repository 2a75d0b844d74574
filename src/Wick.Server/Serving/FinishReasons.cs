using Wick.Core.Execution;

namespace Wick.Server.Serving;

/// <summary>OpenAI's <c>finish_reason</c> strings.</summary>
internal static class FinishReasons
{
    public static string ToWire(FinishReason reason) => reason switch
    {
        FinishReason.Stop => "stop",
        FinishReason.Length => "length",
        FinishReason.Cancelled => "cancelled",
        _ => "error",
    };
}
