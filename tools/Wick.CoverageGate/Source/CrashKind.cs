namespace Wick.CoverageGate.Source;

/// <summary>Code shapes that crash or hang a server: what the crash audit counts.</summary>
internal enum CrashKind
{
    /// <summary>The null-forgiving postfix <c>!</c>: a promise the compiler cannot check.</summary>
    NullForgiving,

    /// <summary><c>.Result</c>, <c>.Wait(</c>, <c>.GetAwaiter().GetResult()</c>, <c>Thread.Sleep</c>.</summary>
    BlockingWait,

    /// <summary><c>Environment.Exit</c> / <c>Environment.FailFast</c> outside the CLI entry point.</summary>
    ProcessExit,

    /// <summary><c>async void</c> methods: their exceptions take the process down.</summary>
    AsyncVoid,
}
