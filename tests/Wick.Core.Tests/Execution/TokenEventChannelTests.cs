using Wick.Core.Execution;

namespace Wick.Core.Tests.Execution;

public sealed class TokenEventChannelTests
{
    [Fact]
    public async Task Channel_counts_unread_events_down_as_they_are_read()
    {
        var channel = new TokenEventChannel();
        var first = new TokenEvent(1, "a", 0, null);

        Assert.Equal(1, channel.Write(first));
        Assert.Equal(2, channel.Write(new TokenEvent(2, "b", 0, null)));
        Assert.True(channel.CanCount);
        Assert.True(channel.CanPeek);
        Assert.Equal(2, channel.Count);
        Assert.True(channel.TryPeek(out var peeked));
        Assert.Same(first, peeked);

        Assert.Same(first, await channel.ReadAsync(TestContext.Current.CancellationToken));
        Assert.Equal(1, channel.Buffered);
        channel.Complete();
        Assert.True(await channel.WaitToReadAsync(TestContext.Current.CancellationToken));
        Assert.True(channel.TryRead(out _));
        Assert.False(channel.TryRead(out _));
        Assert.Equal(0, channel.Buffered);
        await channel.Completion;
    }
}
