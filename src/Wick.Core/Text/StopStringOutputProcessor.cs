using System.Text;

namespace Wick.Core.Text;

/// <summary>
/// One sequence's output text: token bytes → incremental UTF-8 → stop strings. The output ends before the first stop
/// string to be completed (the one ending earliest; the longest of those ending at the same place), also across token
/// boundaries; the stop string is never released. Text that could still be the start of a stop string is held back
/// until decided, so the pieces concatenate to exactly the text a non-streamed response would carry. End-of-generation
/// tokens produce no text.
/// </summary>
public sealed class StopStringOutputProcessor : IOutputProcessor
{
    private readonly ITokenVocabulary _vocabulary;
    private readonly string[] _stops;
    private readonly IncrementalUtf8Decoder _decoder = new();
    private readonly StringBuilder _held = new();
    private bool _stopped;

    /// <param name="vocabulary">Token → bytes, and which tokens end generation.</param>
    /// <param name="stopStrings">Stop strings, validated by <see cref="Sampling.SamplingParameters.Validate"/> (non-empty,
    /// well-formed); null or empty for none.</param>
    public StopStringOutputProcessor(ITokenVocabulary vocabulary, IReadOnlyList<string>? stopStrings)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        _vocabulary = vocabulary;
        _stops = stopStrings is null ? [] : [.. stopStrings];
        if (_stops.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("Stop strings must not be empty.", nameof(stopStrings));
        }
    }

    /// <summary>
    /// True once a stop string ended the output: reported by <see cref="Append"/>, or found by <see cref="Flush"/> (only
    /// possible when a stop string contains U+FFFD and the flush turns unfinished bytes into one).
    /// </summary>
    public bool Stopped => _stopped;

    public OutputStep Append(int tokenId)
    {
        if (_stopped || _vocabulary.IsEndOfGeneration(tokenId))
        {
            return new OutputStep(string.Empty, _stopped);
        }

        var text = _decoder.Append(_vocabulary.GetBytes(tokenId));
        return _stops.Length == 0 ? new OutputStep(text, false) : Release(text, final: false);
    }

    public string Flush()
    {
        if (_stopped)
        {
            return string.Empty;
        }

        var text = _decoder.Flush();
        return _stops.Length == 0 ? text : Release(text, final: true).Text;
    }

    private OutputStep Release(string text, bool final)
    {
        if (text.Length == 0 && !final)
        {
            return new OutputStep(string.Empty, false);
        }

        // Nothing released so far can start a match (see below), so every match lies in the held text.
        var held = _held.Append(text).ToString();
        var (start, end) = (-1, int.MaxValue);
        foreach (var stop in _stops)
        {
            var at = held.IndexOf(stop, StringComparison.Ordinal);
            var stopEnd = at + stop.Length;
            if (at >= 0 && (stopEnd < end || (stopEnd == end && at < start)))
            {
                (start, end) = (at, stopEnd);
            }
        }

        if (start >= 0)
        {
            _stopped = true;
            _held.Clear();
            return new OutputStep(held[..start], true);
        }

        // Keep back the longest tail that some stop string starts with: any later match must start inside it.
        var keep = final ? 0 : LongestTailStartingAStop(held);
        _held.Remove(0, held.Length - keep);
        return new OutputStep(held[..^keep], false);
    }

    private int LongestTailStartingAStop(string held)
    {
        var longest = 0;
        foreach (var stop in _stops)
        {
            for (var length = Math.Min(held.Length, stop.Length - 1); length > longest; length--)
            {
                if (held.AsSpan(held.Length - length).SequenceEqual(stop.AsSpan(0, length)))
                {
                    longest = length;
                    break;
                }
            }
        }

        return longest;
    }
}
