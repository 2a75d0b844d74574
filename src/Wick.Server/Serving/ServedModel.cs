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

    private readonly Lazy<int> _longestToken = new(() => Math.Max(256, Enumerable.Range(0, engine.Vocabulary.Size).Max(t => engine.Vocabulary.GetBytes(t).Length)));

    public long Created { get; } = new DateTimeOffset(File.GetLastWriteTimeUtc(path)).ToUnixTimeSeconds();

    /// <summary>
    /// A lower bound on the tokens <paramref name="text"/> can become: no token covers more bytes than the longest in the
    /// vocabulary, nor more than 256 (special-token text such as <c>&lt;|im_start|&gt;</c> counts within that).
    /// </summary>
    public int MinimumTokens(string text) => (int)Math.Min(int.MaxValue, (long)System.Text.Encoding.UTF8.GetByteCount(text) / _longestToken.Value);

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
