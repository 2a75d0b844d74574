namespace Wick.Core.Text;

/// <summary>What text handling needs to know of a model's vocabulary.</summary>
public interface ITokenVocabulary
{
    /// <summary>Number of token ids (logits row length).</summary>
    int Size { get; }

    /// <summary>The raw bytes a token stands for (may be part of a UTF-8 character); empty for control tokens.</summary>
    ReadOnlySpan<byte> GetBytes(int tokenId);

    /// <summary>True for end-of-sequence / end-of-generation tokens.</summary>
    bool IsEndOfGeneration(int tokenId);
}
