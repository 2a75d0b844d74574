namespace Wick.Core.Text;

/// <summary>
/// Turns one sequence's generated tokens into client text: incremental UTF-8 decoding and stop strings. One instance
/// per sequence (per choice), called on the engine thread. Text that might start a stop string is held back until
/// decided, so the pieces always concatenate to exactly the final text.
/// </summary>
public interface IOutputProcessor
{
    /// <summary>Feeds one generated token; returns the text released now and whether a stop string ended the output.</summary>
    OutputStep Append(int tokenId);

    /// <summary>Releases held-back text when generation ends for any reason other than a stop string.</summary>
    string Flush();
}

/// <summary>Text released by one token, and whether a stop string was matched (the stop string itself is never released).</summary>
public readonly record struct OutputStep(string Text, bool Stopped);
