namespace Wick.Core.Gguf;

/// <summary>Names of the metadata keys Wick reads and writes. Per-architecture keys are prefixed with the architecture
/// name (<c>llama.context_length</c>); <see cref="ForArchitecture"/> builds them.</summary>
public static class GgufKeys
{
    public const string Alignment = "general.alignment";
    public const string Architecture = "general.architecture";
    public const string Name = "general.name";
    public const string FileType = "general.file_type";
    public const string ChatTemplate = "tokenizer.chat_template";
    public const string Tokens = "tokenizer.ggml.tokens";

    public const string ContextLength = "context_length";
    public const string EmbeddingLength = "embedding_length";
    public const string BlockCount = "block_count";
    public const string VocabSize = "vocab_size";

    /// <summary><c>{architecture}.{suffix}</c>, e.g. <c>llama.block_count</c>.</summary>
    public static string ForArchitecture(string architecture, string suffix) => $"{architecture}.{suffix}";
}
