namespace Wick.Server.Http;

/// <summary>
/// SSE comment pings while a stream has nothing to say (long prefills, long queue waits), so proxies and clients do
/// not drop an idle connection. Every event written defers the next ping.
/// </summary>
internal sealed class KeepAlive(TimeSpan interval, TimeProvider time)
{
    public Pinger Start(SseWriter writer, CancellationToken cancellationToken) => new(writer, interval, time, cancellationToken);

    /// <summary>One stream's ping timer; disposing it stops the pings.</summary>
    internal sealed class Pinger : IDisposable
    {
        private readonly ITimer _timer;
        private readonly TimeSpan _interval;

        public Pinger(SseWriter writer, TimeSpan interval, TimeProvider time, CancellationToken cancellationToken)
        {
            _interval = interval;
            _timer = time.CreateTimer(_ => _ = PingAsync(writer, cancellationToken), null, interval, interval);
        }

        /// <summary>Something was just written: the connection is not idle.</summary>
        public void Defer() => _timer.Change(_interval, _interval);

        public void Dispose() => _timer.Dispose();

        private static async Task PingAsync(SseWriter writer, CancellationToken cancellationToken)
        {
            try
            {
                await writer.WritePingAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException or InvalidOperationException)
            {
                // The client is gone or the stream ended: the request's own path reports that.
            }
        }
    }
}
