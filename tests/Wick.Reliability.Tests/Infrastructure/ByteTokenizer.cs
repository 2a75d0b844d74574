using System.Text;
using Wick.Core.Text;

namespace Wick.Reliability.Tests.Infrastructure;

/// <summary>
/// The mock model's tokenizer: one token per UTF-8 byte, <c>byte % 63</c> (the mock's vocabulary has 64 tokens and 63 is
/// its end-of-generation token). <see cref="FailWhen"/> makes the tokenize stage throw for chosen prompts.
/// </summary>
internal sealed class ByteTokenizer : IPromptTokenizer
{
    public const int Modulus = 63;

    /// <summary>A prompt for which tokenization throws (a fault in the server's tokenize stage).</summary>
    public Func<string, bool>? FailWhen { get; set; }

    public static IReadOnlyList<int> Encode(string text) => [.. Encoding.UTF8.GetBytes(text).Select(b => b % Modulus)];

    public ValueTask<IReadOnlyList<int>> TokenizeAsync(string text, bool addSpecial, CancellationToken cancellationToken)
    {
        if (FailWhen?.Invoke(text) == true)
        {
            throw new InvalidOperationException("scripted tokenizer fault");
        }

        return ValueTask.FromResult(Encode(text));
    }
}
