using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Wick.Server.Errors;

namespace Wick.Server.Http;

/// <summary>
/// Server-sent events in OpenAI's dialect: <c>data: {json}</c> events, <c>: ping</c> comments that keep long prefills
/// alive through proxies, an error event when a stream fails after it started, and the final <c>data: [DONE]</c>.
/// Writes are serialised: the keep-alive timer and the token loop share one response. An event written with
/// <c>flush: false</c> waits in the response's buffer for the next flush, so a batch of events costs one send.
/// </summary>
internal sealed class SseWriter(HttpResponse response)
{
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();
    private static readonly byte[] Ping = ": ping\n\n"u8.ToArray();
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>True once the first byte of the stream went out: from then on errors must travel as events.</summary>
    public bool Started { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        return FlushAsync(cancellationToken);
    }

    /// <summary>Sends whatever was written without a flush.</summary>
    public Task FlushAsync(CancellationToken cancellationToken) =>
        WriteAsync(static (_, _) => { }, (object?)null, flush: true, cancellationToken);

    public Task WriteEventAsync<T>(T payload, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken, bool flush = true) =>
        WriteAsync(
            static (writer, state) =>
            {
                writer.Write(DataPrefix.AsSpan());
                using (var json = new Utf8JsonWriter(writer))
                {
                    JsonSerializer.Serialize(json, state.Payload, state.TypeInfo);
                }

                writer.Write(EventEnd.AsSpan());
            },
            (Payload: payload, TypeInfo: typeInfo),
            flush,
            cancellationToken);

    public Task WritePingAsync(CancellationToken cancellationToken) =>
        WriteAsync(static (writer, _) => writer.Write(Ping.AsSpan()), (object?)null, flush: true, cancellationToken);

    public Task WriteDoneAsync(CancellationToken cancellationToken) =>
        WriteAsync(static (writer, _) => writer.Write(Done.AsSpan()), (object?)null, flush: true, cancellationToken);

    /// <summary>The error event for a stream that already started, followed by <c>[DONE]</c>.</summary>
    public async Task WriteErrorAndDoneAsync(Exception exception, CancellationToken cancellationToken)
    {
        var (_, body) = ErrorMapper.ToResponse(exception);
        await WriteEventAsync(body, OpenAI.WireJson.Default.ErrorEnvelope, cancellationToken).ConfigureAwait(false);
        await WriteDoneAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task WriteAsync<TState>(Action<IBufferWriter<byte>, TState> write, TState state, bool flush, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            write(response.BodyWriter, state);
            Started = true;
            if (flush)
            {
                await response.BodyWriter.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>UTF-8 text of one event as it goes on the wire (for tests and benchmarks).</summary>
    internal static string Format(string json) => Encoding.UTF8.GetString(DataPrefix) + json + "\n\n";
}
