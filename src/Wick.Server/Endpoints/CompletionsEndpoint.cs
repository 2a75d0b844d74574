using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Wick.Core.Execution;
using Wick.Server.Http;
using Wick.Server.Metrics;
using Wick.Server.OpenAI;
using Wick.Server.Serving;

namespace Wick.Server.Endpoints;

/// <summary><c>POST /v1/completions</c> (legacy text completions), streaming and not.</summary>
internal sealed class CompletionsEndpoint(ServedModel model, GenerationService service, ServerMetrics metrics, TimeProvider time, KeepAlive keepAlive)
{
    public async Task HandleAsync(HttpContext http)
    {
        var request = await RequestContext.ReadJsonAsync(http, WireJson.Default.CompletionRequest).ConfigureAwait(false);
        RequestContext.RequireModel(request.Model, model);
        var plan = RequestTranslator.FromCompletion(request);
        var latency = new LatencyRecorder(metrics, time);
        using var generation = await service.StartAsync(plan, http.RequestAborted).ConfigureAwait(false);
        var id = "cmpl-" + Guid.NewGuid().ToString("N");
        var created = RequestContext.UnixNow(time);
        var echo = plan.Echo ? plan.PromptText ?? model.Detokenize(generation.PromptTokens) : string.Empty;
        if (plan.Stream)
        {
            await StreamAsync(http, plan, generation, id, created, echo, latency).ConfigureAwait(false);
        }
        else
        {
            await RespondAsync(http, plan, generation, id, created, echo, latency).ConfigureAwait(false);
        }
    }

    private async Task RespondAsync(HttpContext http, GenerationPlan plan, Generation generation, string id, long created, string echo, LatencyRecorder latency)
    {
        var texts = Enumerable.Range(0, plan.Choices).Select(_ => new StringBuilder(echo)).ToArray();
        var logprobs = Enumerable.Range(0, plan.Choices).Select(_ => new LegacyLogprobs(echo.Length)).ToArray();
        var finishes = new GenerationFinish?[plan.Choices];
        await foreach (var (index, item) in generation.ReadAllAsync(http.RequestAborted).ConfigureAwait(false))
        {
            if (item.Finish is { } finish)
            {
                texts[index].Append(item.Text);
                finishes[index] = finish;
                if (finish.Error is { } error)
                {
                    throw error;
                }

                continue;
            }

            latency.OnToken();
            logprobs[index].Add(model, item);
            texts[index].Append(item.Text);
        }

        latency.OnFinished();
        var choices = Enumerable.Range(0, plan.Choices).Select(i => new CompletionChoice(
            i,
            texts[i].ToString(),
            plan.Sampling.Logprobs ? logprobs[i].ToWire() : null,
            FinishReasons.ToWire(finishes[i]?.Reason ?? FinishReason.Cancelled))).ToList();
        var response = new CompletionResponse(id, "text_completion", created, model.Id, choices, generation.UsageOf(finishes), ServerInfo.Fingerprint);
        http.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(http.Response.Body, response, WireJson.Default.CompletionResponse, http.RequestAborted).ConfigureAwait(false);
    }

    private async Task StreamAsync(HttpContext http, GenerationPlan plan, Generation generation, string id, long created, string echo, LatencyRecorder latency)
    {
        var sse = new SseWriter(http.Response);
        var ct = http.RequestAborted;
        await sse.StartAsync(ct).ConfigureAwait(false);
        using var pings = keepAlive.Start(sse, ct);
        var format = new ChunkFormat(model, plan, id, created, echo.Length);
        if (echo.Length > 0)
        {
            for (var i = 0; i < plan.Choices; i++)
            {
                await sse.WriteEventAsync(format.Chunk(i, echo, null, null), WireJson.Default.CompletionResponse, ct).ConfigureAwait(false);
            }
        }

        await ChunkStream.WriteAsync(sse, generation, format, WireJson.Default.CompletionResponse, pings, latency, plan.IncludeUsage, ct).ConfigureAwait(false);
    }

    /// <summary>Legacy stream chunks: text per token with its logprobs and character offset, the finish reason last.</summary>
    private sealed class ChunkFormat(ServedModel model, GenerationPlan plan, string id, long created, int echoLength) : IChunkFormat<CompletionResponse>
    {
        private readonly int[] _offsets = Enumerable.Repeat(echoLength, plan.Choices).ToArray();

        public CompletionResponse? Tokens(int index, IReadOnlyList<TokenEvent> items)
        {
            var text = ChunkStream.TextOf(items);
            CompletionLogprobs? logprobs = null;
            if (plan.Sampling.Logprobs)
            {
                var run = new LegacyLogprobs(_offsets[index]);
                foreach (var item in items)
                {
                    run.Add(model, item);
                }

                logprobs = run.ToWire();
            }

            _offsets[index] += text.Length;
            return text.Length > 0 || logprobs is not null ? Chunk(index, text, logprobs, null) : null;
        }

        public CompletionResponse Finish(int index, TokenEvent item, string finishReason) => Chunk(index, item.Text, null, finishReason);

        public CompletionResponse Usage(Usage usage) => new(id, "text_completion", created, model.Id, [], usage, ServerInfo.Fingerprint);

        public CompletionResponse Chunk(int index, string text, CompletionLogprobs? logprobs, string? finishReason) =>
            new(id, "text_completion", created, model.Id, [new CompletionChoice(index, text, logprobs, finishReason)], null, ServerInfo.Fingerprint);
    }

    /// <summary>Legacy logprobs accumulate as parallel arrays with each token's character offset.</summary>
    private sealed class LegacyLogprobs(int offset)
    {
        private readonly List<string> _tokens = [];
        private readonly List<double> _logprobs = [];
        private readonly List<Dictionary<string, double>> _top = [];
        private readonly List<int> _offsets = [];
        private int _offset = offset;

        public void Add(ServedModel model, TokenEvent item)
        {
            _tokens.Add(TokenText.Of(model.Engine.Vocabulary, item.TokenId));
            _logprobs.Add(item.LogProbability);
            _top.Add(TokenText.TopLogprobs(model.Engine.Vocabulary, item.TopLogProbabilities));
            _offsets.Add(_offset);
            _offset += item.Text.Length;
        }

        public CompletionLogprobs ToWire() => new(_tokens, _logprobs, _top, _offsets);
    }
}
