using System.Threading.Channels;

namespace Wick.Core.Execution;

/// <summary>
/// One request's event stream: an unbounded channel whose unread events are counted, so the engine can end a request
/// whose consumer falls behind instead of ever waiting for it (the engine only calls <see cref="Write"/>).
/// </summary>
internal sealed class TokenEventChannel : ChannelReader<TokenEvent>
{
    private readonly Channel<TokenEvent> channel = Channel.CreateUnbounded<TokenEvent>(
        new UnboundedChannelOptions { SingleWriter = true, AllowSynchronousContinuations = false });

    private int buffered;

    public override Task Completion => channel.Reader.Completion;

    public override bool CanCount => true;

    public override int Count => channel.Reader.Count;

    public override bool CanPeek => true;

    /// <summary>Unread events.</summary>
    public int Buffered => Volatile.Read(ref buffered);

    /// <summary>Appends <paramref name="item"/> without waiting; returns the unread events now buffered.</summary>
    public int Write(TokenEvent item)
    {
        var count = Interlocked.Increment(ref buffered);
        channel.Writer.TryWrite(item);
        return count;
    }

    public void Complete() => channel.Writer.TryComplete();

    public override bool TryRead(out TokenEvent item)
    {
        if (channel.Reader.TryRead(out item!))
        {
            Interlocked.Decrement(ref buffered);
            return true;
        }

        return false;
    }

    public override bool TryPeek(out TokenEvent item) => channel.Reader.TryPeek(out item!);

    public override ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default) =>
        channel.Reader.WaitToReadAsync(cancellationToken);
}
