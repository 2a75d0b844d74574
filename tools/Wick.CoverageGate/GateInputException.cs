namespace Wick.CoverageGate;

/// <summary>An input the gate cannot work with (missing or malformed file, bad option): exit code 2, not a gate failure.</summary>
internal sealed class GateInputException(string message, Exception? inner = null) : Exception(message, inner);
