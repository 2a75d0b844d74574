using System.Text;
using Microsoft.AspNetCore.Http;
using Wick.Core.Errors;
using Wick.Server.Http;
using Wick.Server.OpenAI;

namespace Wick.Server.Tests.Unit;

public sealed class SseWriterTests
{
    private readonly DefaultHttpContext _context = new();
    private readonly MemoryStream _body = new();

    public SseWriterTests() => _context.Response.Body = _body;

    private string Written => Encoding.UTF8.GetString(_body.ToArray());

    [Fact(Timeout = 10_000)]
    public async Task Start_sends_the_event_stream_headers_before_any_event()
    {
        var sse = new SseWriter(_context.Response);
        Assert.False(sse.Started);

        await sse.StartAsync(TestContext.Current.CancellationToken);

        Assert.True(sse.Started);
        Assert.Equal(200, _context.Response.StatusCode);
        Assert.Equal("text/event-stream; charset=utf-8", _context.Response.ContentType);
        Assert.Equal("no-cache", _context.Response.Headers.CacheControl.ToString());
        Assert.Equal("no", _context.Response.Headers["X-Accel-Buffering"].ToString());
        Assert.Equal(string.Empty, Written);
    }

    [Fact(Timeout = 10_000)]
    public async Task Events_pings_and_done_use_the_openai_wire_format()
    {
        var ct = TestContext.Current.CancellationToken;
        var sse = new SseWriter(_context.Response);
        var usage = new ErrorEnvelope(new ErrorBody("m", "t", null, "c"));

        await sse.WriteEventAsync(usage, WireJson.Default.ErrorEnvelope, ct);
        await sse.WritePingAsync(ct);
        await sse.WriteDoneAsync(ct);

        Assert.Equal(
            SseWriter.Format("""{"error":{"message":"m","type":"t","param":null,"code":"c"}}""") + ": ping\n\n" + "data: [DONE]\n\n",
            Written);
    }

    [Fact(Timeout = 10_000)]
    public async Task An_error_after_the_stream_started_is_an_error_event_then_done()
    {
        var sse = new SseWriter(_context.Response);

        await sse.WriteErrorAndDoneAsync(new DeadlineExceededException("total", TimeSpan.FromMilliseconds(5)), TestContext.Current.CancellationToken);

        var lines = Written.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("data: {\"error\":{", lines[0], StringComparison.Ordinal);
        Assert.Contains("\"code\":\"deadline_exceeded\"", lines[0], StringComparison.Ordinal);
        Assert.Equal("data: [DONE]", lines[1]);
    }

    [Fact]
    public void Format_frames_one_event()
    {
        Assert.Equal("data: {}\n\n", SseWriter.Format("{}"));
    }
}
