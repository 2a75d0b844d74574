using System.Net.Sockets;
using System.Text;

namespace Wick.Reliability.Tests.Infrastructure;

/// <summary>A client that sends one HTTP request over a raw socket with a tiny receive window and then stops reading.</summary>
internal sealed class StalledStream : IDisposable
{
    private readonly Socket socket;

    private StalledStream(Socket socket) => this.socket = socket;

    public static async Task<StalledStream> OpenAsync(Uri baseAddress, string path, string json, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 2048 };
        try
        {
            await socket.ConnectAsync(baseAddress.Host, baseAddress.Port, cancellationToken);
            var body = Encoding.UTF8.GetBytes(json);
            var head = Encoding.ASCII.GetBytes(
                $"POST /{path} HTTP/1.1\r\nHost: {baseAddress.Authority}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n");
            await socket.SendAsync(head.Concat(body).ToArray(), SocketFlags.None, cancellationToken);
            return new StalledStream(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Starts reading again and returns the response's SSE text (chunk framing removed) once the chunked body ended
    /// (bounded by <paramref name="limit"/>).
    /// </summary>
    public async Task<string> ReadToEndOfResponseAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        var raw = new MemoryStream();
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            if (read == 0)
            {
                break;
            }

            raw.Write(buffer, 0, read);
            if (raw.Length >= 5 && EndsWithLastChunk(raw))
            {
                break;
            }
        }

        return Dechunk(Encoding.UTF8.GetString(raw.ToArray()));
    }

    public void Dispose() => socket.Dispose();

    private static bool EndsWithLastChunk(MemoryStream raw)
    {
        var tail = raw.GetBuffer().AsSpan((int)raw.Length - 5, 5);
        return tail.SequenceEqual("0\r\n\r\n"u8);
    }

    /// <summary>The body of a chunked HTTP/1.1 response, headers dropped.</summary>
    private static string Dechunk(string response)
    {
        var body = new StringBuilder();
        var at = response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4;
        while (at < response.Length)
        {
            var lineEnd = response.IndexOf("\r\n", at, StringComparison.Ordinal);
            var size = Convert.ToInt32(response[at..lineEnd], 16);
            if (size == 0)
            {
                break;
            }

            body.Append(response, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }

        return body.ToString();
    }
}
