using System.Text.Json.Serialization.Metadata;
using Wick.Core.Execution;
using Wick.Server.Http;
using Wick.Server.Metrics;
using Wick.Server.OpenAI;
using Wick.Server.Serving;

namespace Wick.Server.Endpoints;

/// <summary>How one endpoint spells its stream's chunks (chat deltas or legacy text).</summary>
internal interface IChunkFormat<TChunk>
    where TChunk : class
{
    /// <summary>
    /// One chunk for a run of a choice's consecutive tokens (text joined, a logprob each), or null when the run has
    /// nothing to say (no text, no logprobs asked for).
    /// </summary>
    TChunk? Tokens(int index, IReadOnlyList<TokenEvent> items);

    TChunk Finish(int index, TokenEvent item, string finishReason);

    TChunk Usage(Usage usage);
}

/// <summary>
/// The streaming loop both endpoints share: every choice's events as SSE chunks, flushed once per batch of events
/// already waiting. A client that keeps up gets a chunk per token; one that falls behind gets each choice's waiting
/// tokens merged into one chunk (as vLLM does), so the HTTP side catches up with a device faster than one send per
/// token instead of piling events up until the engine ends the request as a slow consumer.
/// </summary>
internal static class ChunkStream
{
    public static async Task WriteAsync<TChunk>(
        SseWriter sse,
        Generation generation,
        IChunkFormat<TChunk> format,
        JsonTypeInfo<TChunk> typeInfo,
        KeepAlive.Pinger pings,
        LatencyRecorder latency,
        bool includeUsage,
        CancellationToken cancellationToken)
        where TChunk : class
    {
        var choices = generation.Handles.Count;
        var finishes = new GenerationFinish?[choices];
        var runs = Enumerable.Range(0, choices).Select(_ => new List<TokenEvent>()).ToArray();
        await foreach (var batch in generation.ReadBatchesAsync(cancellationToken).ConfigureAwait(false))
        {
            pings.Defer();
            foreach (var (index, item) in batch)
            {
                if (item.Finish is not { } finish)
                {
                    latency.OnToken();
                    runs[index].Add(item);
                    continue;
                }

                finishes[index] = finish;
                if (finish.Error is { } error)
                {
                    generation.Cancel();
                    await sse.WriteErrorAndDoneAsync(error, cancellationToken).ConfigureAwait(false);
                    return;
                }

                await WriteRunAsync(sse, format, typeInfo, index, runs[index], cancellationToken).ConfigureAwait(false);
                await sse.WriteEventAsync(format.Finish(index, item, FinishReasons.ToWire(finish.Reason)), typeInfo, cancellationToken, flush: false).ConfigureAwait(false);
            }

            for (var index = 0; index < choices; index++)
            {
                await WriteRunAsync(sse, format, typeInfo, index, runs[index], cancellationToken).ConfigureAwait(false);
            }

            await sse.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        latency.OnFinished();
        if (includeUsage)
        {
            await sse.WriteEventAsync(format.Usage(generation.UsageOf(finishes)), typeInfo, cancellationToken, flush: false).ConfigureAwait(false);
        }

        await sse.WriteDoneAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The text a run of tokens released, joined (no copy for the usual run of one).</summary>
    public static string TextOf(IReadOnlyList<TokenEvent> items) =>
        items.Count == 1 ? items[0].Text : string.Concat(items.Select(item => item.Text));

    private static async Task WriteRunAsync<TChunk>(SseWriter sse, IChunkFormat<TChunk> format, JsonTypeInfo<TChunk> typeInfo, int index, List<TokenEvent> run, CancellationToken cancellationToken)
        where TChunk : class
    {
        if (run.Count > 0 && format.Tokens(index, run) is { } chunk)
        {
            await sse.WriteEventAsync(chunk, typeInfo, cancellationToken, flush: false).ConfigureAwait(false);
        }

        run.Clear();
    }
}
