using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Wick.Server.Http;
using Wick.Server.OpenAI;

namespace Wick.Bench.Micro;

/// <summary>
/// One streamed token on the wire: Wick's <see cref="SseWriter"/> serialises a chunk with the source-generated
/// <see cref="WireJson"/> context into the response's pipe and flushes it (here into <see cref="Stream.Null"/>, so
/// the socket is not measured). The chunk object is built per token as the endpoints build it.
/// </summary>
[MemoryDiagnoser]
public class SseEncodingBenchmarks
{
    private const string Id = "chatcmpl-0123456789abcdef0123456789abcdef";
    private const string Model = "synth-0.5b-q8_0";
    private SseWriter _sse = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        var http = new DefaultHttpContext();
        http.Response.Body = Stream.Null;
        _sse = new SseWriter(http.Response);
        await _sse.StartAsync(CancellationToken.None);
    }

    /// <summary>A chat delta of one token's text: what most streamed tokens cost.</summary>
    [Benchmark(Baseline = true)]
    public Task ChatContentChunk() =>
        _sse.WriteEventAsync(
            new ChatCompletionChunk(Id, "chat.completion.chunk", 1_750_000_000, Model, [new ChatChunkChoice(0, new ChatDelta(null, " world"), null, null)], null, "wick-1.0.0.0"),
            WireJson.Default.ChatCompletionChunk,
            CancellationToken.None);

    /// <summary>A legacy completion chunk with <c>logprobs: 0</c>, as wick-bench asks for (one event per token).</summary>
    [Benchmark]
    public Task CompletionChunkWithLogprob() =>
        _sse.WriteEventAsync(
            new CompletionResponse(
                Id,
                "text_completion",
                1_750_000_000,
                Model,
                [new CompletionChoice(0, " world", new CompletionLogprobs([" world"], [-0.25], [new Dictionary<string, double>()], [12]), null)],
                null,
                "wick-1.0.0.0"),
            WireJson.Default.CompletionResponse,
            CancellationToken.None);
}
