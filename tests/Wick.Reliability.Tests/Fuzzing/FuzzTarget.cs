namespace Wick.Reliability.Tests.Fuzzing;

/// <summary>The endpoints the fuzzer attacks.</summary>
public enum FuzzTarget
{
    Chat,
    Completions,
    Tokenize,
    Detokenize,
    Get,
}
