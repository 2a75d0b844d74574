using System.Text;
using BenchmarkDotNet.Attributes;
using Wick.Core.Text;

namespace Wick.Bench.Micro;

/// <summary>
/// Detokenization per output token: <see cref="StopStringOutputProcessor"/> over a byte-level vocabulary (one byte per
/// token, so multi-byte characters arrive in pieces), 256 tokens per operation reported per token. ASCII text without
/// stop strings is the common case; the stop-string case holds text back while it could start a stop.
/// </summary>
[MemoryDiagnoser]
public class DetokenizeBenchmarks
{
    private const int Tokens = 256;
    private static readonly ByteVocabulary Vocabulary = new();
    private int[] _ascii = [];
    private int[] _multiByte = [];

    [GlobalSetup]
    public void Setup()
    {
        _ascii = Take("The quick brown fox jumps over the lazy dog, 0123456789 times. ");
        _multiByte = Take("Größe — naïve café, 東京 ✓ ünïcödé ");
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Tokens)]
    public int AsciiNoStops() => Run(_ascii, null);

    [Benchmark(OperationsPerInvoke = Tokens)]
    public int AsciiTwoStopStrings() => Run(_ascii, ["\n\nUser:", "###"]);

    [Benchmark(OperationsPerInvoke = Tokens)]
    public int MultiByteUtf8NoStops() => Run(_multiByte, null);

    private static int Run(int[] tokens, string[]? stops)
    {
        var processor = new StopStringOutputProcessor(Vocabulary, stops);
        var length = 0;
        foreach (var token in tokens)
        {
            length += processor.Append(token).Text.Length;
        }

        return length + processor.Flush().Length;
    }

    private static int[] Take(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return [.. Enumerable.Range(0, Tokens).Select(i => (int)bytes[i % bytes.Length])];
    }
}
