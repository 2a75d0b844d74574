using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Wick.Core.Execution;
using Wick.Server.Http;
using Wick.Server.Metrics;
using Wick.Server.OpenAI;
using Wick.Server.Serving;

namespace Wick.Server.Endpoints;

/// <summary><c>POST /v1/chat/completions</c>, streaming and not.</summary>
internal sealed class ChatCompletionsEndpoint(ServedModel model, GenerationService service, ServerMetrics metrics, TimeProvider time, KeepAlive keepAlive)
{
    public async Task HandleAsync(HttpContext http)
    {
        var request = await RequestContext.ReadJsonAsync(http, WireJson.Default.ChatCompletionRequest).ConfigureAwait(false);
        RequestContext.RequireModel(request.Model, model);
        var plan = RequestTranslator.FromChat(request, model.Template);
        var latency = new LatencyRecorder(metrics, time);
        using var generation = await service.StartAsync(plan, http.RequestAborted).ConfigureAwait(false);
        var id = "chatcmpl-" + Guid.NewGuid().ToString("N");
        var created = RequestContext.UnixNow(time);
        if (plan.Stream)
        {
            await StreamAsync(http, plan, generation, id, created, latency).ConfigureAwait(false);
        }
        else
        {
            await RespondAsync(http, plan, generation, id, created, latency).ConfigureAwait(false);
        }
    }

    private async Task RespondAsync(HttpContext http, GenerationPlan plan, Generation generation, string id, long created, LatencyRecorder latency)
    {
        var texts = Enumerable.Range(0, plan.Choices).Select(_ => new StringBuilder()).ToArray();
        var logprobs = Enumerable.Range(0, plan.Choices).Select(_ => new List<ChatTokenLogprob>()).ToArray();
        var finishes = new GenerationFinish?[plan.Choices];
        await foreach (var (index, item) in generation.ReadAllAsync(http.RequestAborted).ConfigureAwait(false))
        {
            texts[index].Append(item.Text);
            if (item.Finish is { } finish)
            {
                finishes[index] = finish;
                if (finish.Error is { } error)
                {
                    throw error;
                }

                continue;
            }

            latency.OnToken();
            if (plan.Sampling.Logprobs)
            {
                logprobs[index].Add(TokenText.ChatLogprob(model.Engine.Vocabulary, item));
            }
        }

        latency.OnFinished();
        var choices = Enumerable.Range(0, plan.Choices).Select(i => new ChatChoice(
            i,
            new AssistantMessage("assistant", texts[i].ToString()),
            plan.Sampling.Logprobs ? new ChatLogprobs(logprobs[i]) : null,
            FinishReasons.ToWire(finishes[i]?.Reason ?? FinishReason.Cancelled))).ToList();
        var response = new ChatCompletionResponse(id, "chat.completion", created, model.Id, choices, generation.UsageOf(finishes), ServerInfo.Fingerprint);
        http.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(http.Response.Body, response, WireJson.Default.ChatCompletionResponse, http.RequestAborted).ConfigureAwait(false);
    }

    private async Task StreamAsync(HttpContext http, GenerationPlan plan, Generation generation, string id, long created, LatencyRecorder latency)
    {
        var sse = new SseWriter(http.Response);
        var ct = http.RequestAborted;
        await sse.StartAsync(ct).ConfigureAwait(false);
        using var pings = keepAlive.Start(sse, ct);
        var format = new ChunkFormat(model, plan, id, created);
        for (var i = 0; i < plan.Choices; i++)
        {
            await sse.WriteEventAsync(format.Chunk(i, new ChatDelta("assistant", string.Empty), null, null), WireJson.Default.ChatCompletionChunk, ct).ConfigureAwait(false);
        }

        await ChunkStream.WriteAsync(sse, generation, format, WireJson.Default.ChatCompletionChunk, pings, latency, plan.IncludeUsage, ct).ConfigureAwait(false);
    }

    /// <summary>Chat stream chunks: a delta per token (text, logprobs), the finish reason last.</summary>
    private sealed class ChunkFormat(ServedModel model, GenerationPlan plan, string id, long created) : IChunkFormat<ChatCompletionChunk>
    {
        public ChatCompletionChunk? Tokens(int index, IReadOnlyList<TokenEvent> items)
        {
            var text = ChunkStream.TextOf(items);
            var logprobs = plan.Sampling.Logprobs ? new ChatLogprobs([.. items.Select(item => TokenText.ChatLogprob(model.Engine.Vocabulary, item))]) : null;
            return text.Length > 0 || logprobs is not null ? Chunk(index, new ChatDelta(null, text), logprobs, null) : null;
        }

        public ChatCompletionChunk Finish(int index, TokenEvent item, string finishReason) =>
            Chunk(index, new ChatDelta(null, item.Text.Length > 0 ? item.Text : null), null, finishReason);

        public ChatCompletionChunk Usage(Usage usage) =>
            new(id, "chat.completion.chunk", created, model.Id, [], usage, ServerInfo.Fingerprint);

        public ChatCompletionChunk Chunk(int index, ChatDelta delta, ChatLogprobs? logprobs, string? finishReason) =>
            new(id, "chat.completion.chunk", created, model.Id, [new ChatChunkChoice(index, delta, logprobs, finishReason)], null, ServerInfo.Fingerprint);
    }
}
