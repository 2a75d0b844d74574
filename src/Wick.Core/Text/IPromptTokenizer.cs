namespace Wick.Core.Text;

/// <summary>Turns prompt text into token ids with the model's own tokenizer.</summary>
public interface IPromptTokenizer
{
    /// <summary>Tokenizes <paramref name="text"/>; <paramref name="addSpecial"/> adds BOS (if the model wants one) and parses special-token text.</summary>
    ValueTask<IReadOnlyList<int>> TokenizeAsync(string text, bool addSpecial, CancellationToken cancellationToken);
}
