using System.Globalization;

namespace Wick.Training;

/// <summary>One fact <c>a op b = c</c> with op in <c>+</c>, <c>-</c>, <c>*</c>.</summary>
public sealed record ArithmeticProblem(int Left, char Operator, int Right)
{
    /// <summary>The true result.</summary>
    public int Result => Operator switch
    {
        '+' => Left + Right,
        '-' => Left - Right,
        '*' => Left * Right,
        _ => throw new InvalidOperationException($"Unknown operator '{Operator}'."),
    };

    /// <summary>The prompt text, e.g. <c>2+2=</c>.</summary>
    public string Prompt => string.Create(CultureInfo.InvariantCulture, $"{Left}{Operator}{Right}=");

    /// <summary>The expected completion, e.g. <c>4</c> (followed by EOS).</summary>
    public string Answer => Result.ToString(CultureInfo.InvariantCulture);

    /// <summary>The training sequence <c>[BOS] prompt answer [EOS]</c>; loss on the answer and the EOS.</summary>
    public TrainingExample ToExample()
    {
        var withBos = ByteTokens.EncodeWithBos(Prompt + Answer);
        var tokens = new int[withBos.Length + 1];
        withBos.CopyTo(tokens, 0);
        tokens[^1] = ByteTokens.Eos;
        return new TrainingExample(tokens, 1 + Prompt.Length);
    }

    /// <inheritdoc/>
    public override string ToString() => Prompt + Answer;
}
