namespace Wick.Bench.Phases;

/// <summary>The ways the same workload is run. Each runs alone: nothing else decodes while it is measured.</summary>
internal enum PhaseKind
{
    /// <summary>Wick over HTTP: <c>wick serve</c> in a child process (or a server at <c>--url</c>).</summary>
    Wick,

    /// <summary>Wick's engine in the bench process, without HTTP (locates the overhead between HTTP and engine).</summary>
    Engine,

    /// <summary>The raw engine: the same batched decode through LLamaSharp's low-level API, argmax only.</summary>
    Raw,

    /// <summary>LLamaSharp's <c>StatelessExecutor.InferAsync</c>, one request at a time behind a lock.</summary>
    Usual,
}
