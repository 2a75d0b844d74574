namespace Wick.Core.Execution;

/// <summary>How one device step ended.</summary>
public enum StepStatus
{
    /// <summary>The batch was decoded; its tokens are in the KV cache and the requested logits are readable.</summary>
    Ok,

    /// <summary>The decode was stopped through <see cref="IModelExecutor.RequestAbort"/>.</summary>
    Aborted,

    /// <summary>The device found no KV room for the batch (llama.cpp's <c>NoKvSlot</c>).</summary>
    KvExhausted,

    /// <summary>The device reported an error (or threw).</summary>
    Failed,
}
