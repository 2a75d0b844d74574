using System.Text;
using System.Threading.Channels;

namespace Wick.Core.Execution;

/// <summary>A submitted request: its id, its effective limits and the stream of its events.</summary>
public sealed class GenerationHandle
{
    internal GenerationHandle(long id, int promptTokens, int maxTokens, ChannelReader<TokenEvent> events)
    {
        Id = id;
        PromptTokens = promptTokens;
        MaxTokens = maxTokens;
        Events = events;
    }

    /// <summary>Engine-wide arrival number (FIFO order).</summary>
    public long Id { get; }

    public int PromptTokens { get; }

    /// <summary>The <c>max_tokens</c> in force: the requested value capped to what the context holds.</summary>
    public int MaxTokens { get; }

    /// <summary>Token events, then exactly one final event; the channel completes after it.</summary>
    public ChannelReader<TokenEvent> Events { get; }

    /// <summary>Reads the stream to its final event and returns the whole result.</summary>
    public async Task<GenerationResult> ReadToEndAsync(CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var tokens = new List<int>();
        await foreach (var item in Events.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            text.Append(item.Text);
            if (item.Finish is { } finish)
            {
                return new GenerationResult(text.ToString(), tokens, finish);
            }

            tokens.Add(item.TokenId);
        }

        throw new InvalidOperationException("The event stream completed without a final event.");
    }
}
