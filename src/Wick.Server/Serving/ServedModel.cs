using Wick.Core.Execution;
using Wick.Core.Gguf;
using Wick.Core.Text;
using Wick.Server.Chat;

namespace Wick.Server.Serving;

/// <summary>A loaded model as the HTTP layer sees it: its id, what the GGUF says about it, its engine and its text tools.</summary>
public sealed class ServedModel(string id, string path, GgufFile description, InferenceEngine engine, IPromptTokenizer tokenizer, ChatTemplate template)
{
    public string Id { get; } = id;

    public string Path { get; } = path;

    public GgufFile Description { get; } = description;

    public InferenceEngine Engine { get; } = engine;

    public IPromptTokenizer Tokenizer { get; } = tokenizer;

    public ChatTemplate Template { get; } = template;

    public long FileSize { get; } = new FileInfo(path).Length;

    public long Created { get; } = new DateTimeOffset(File.GetLastWriteTimeUtc(path)).ToUnixTimeSeconds();

    /// <summary>Decodes token ids to text through the vocabulary's bytes (malformed UTF-8 becomes U+FFFD).</summary>
    public string Detokenize(IReadOnlyList<int> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var vocabulary = Engine.Vocabulary;
        var bytes = new List<byte>(tokens.Count * 2);
        foreach (var token in tokens)
        {
            if (token < 0 || token >= vocabulary.Size)
            {
                throw Errors.HttpErrorException.BadRequest($"Token id {token} is outside the vocabulary (0..{vocabulary.Size - 1}).", "tokens");
            }

            bytes.AddRange(vocabulary.GetBytes(token));
        }

        return System.Text.Encoding.UTF8.GetString(bytes.ToArray());
    }
}
