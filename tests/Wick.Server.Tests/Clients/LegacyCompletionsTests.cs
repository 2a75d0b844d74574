using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wick.Server.Tests.Support;

namespace Wick.Server.Tests.Clients;

/// <summary>
/// <c>POST /v1/completions</c> (legacy completions) as raw OpenAI JSON: the OpenAI .NET SDK 2.x has no client for it.
/// </summary>
public sealed class LegacyCompletionsTests(SharedServer shared)
{
    // A prompt the tiny model is unsure how to continue (it answers "hello" with EOS at once), so seeds matter.
    private const string UncertainPrompt = "3";

    // A sum the model answers at once and then ends: its greedy path has no near-ties.
    private const string ConfidentPrompt = "12+34=";

    private static readonly string Four = (2 + 2).ToString(CultureInfo.InvariantCulture);

    [Fact(Timeout = 30_000)]
    public async Task Completion_answers_2_plus_2_with_4()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = shared.Server.CreateClient();
        var body = Api.Completion("2+2=");
        body["model"] = shared.Server.Model.Id;

        var (status, answer, _) = await Api.PostAsync(http, "v1/completions", body, ct);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(Four, Api.CompletionText(answer));
        Assert.Equal("text_completion", answer.GetProperty("object").GetString());
        Assert.StartsWith("cmpl-", answer.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("stop", answer.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal(JsonValueKind.Null, answer.GetProperty("choices")[0].GetProperty("logprobs").ValueKind);
    }

    [Fact(Timeout = 30_000)]
    public async Task Token_id_prompts_answer_like_their_text()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = shared.Server.CreateClient();
        var (_, tokenized, _) = await Api.PostAsync(http, "tokenize", new JsonObject { ["prompt"] = "2+2=" }, ct);
        var ids = new JsonArray(tokenized.GetProperty("tokens").EnumerateArray().Select(t => (JsonNode)t.GetInt32()).ToArray());

        var (status, flat, _) = await Api.PostAsync(http, "v1/completions", new JsonObject { ["prompt"] = ids, ["temperature"] = 0 }, ct);
        var (_, nested, _) = await Api.PostAsync(http, "v1/completions", new JsonObject { ["prompt"] = new JsonArray(ids.DeepClone()), ["temperature"] = 0 }, ct);
        var (_, listed, _) = await Api.PostAsync(http, "v1/completions", new JsonObject { ["prompt"] = new JsonArray("2+2="), ["temperature"] = 0 }, ct);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(Four, Api.CompletionText(flat));
        Assert.Equal(Four, Api.CompletionText(nested));
        Assert.Equal(Four, Api.CompletionText(listed));
    }

    [Fact(Timeout = 30_000)]
    public async Task Echo_and_logprobs_return_the_prompt_and_token_offsets()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = shared.Server.CreateClient();
        var body = Api.Completion("7+8=");
        body["echo"] = true;
        body["logprobs"] = 2;

        var (status, answer, _) = await Api.PostAsync(http, "v1/completions", body, ct);

        Assert.Equal(HttpStatusCode.OK, status);
        var text = Api.CompletionText(answer);
        Assert.StartsWith("7+8=", text, StringComparison.Ordinal);
        var logprobs = answer.GetProperty("choices")[0].GetProperty("logprobs");
        var tokens = logprobs.GetProperty("tokens").EnumerateArray().Select(t => t.GetString()).ToList();
        Assert.Equal(text["7+8=".Length..], string.Concat(tokens));
        Assert.Equal(
            Enumerable.Range(0, tokens.Count).Select(i => "7+8=".Length + tokens.Take(i).Sum(t => t!.Length)),
            logprobs.GetProperty("text_offset").EnumerateArray().Select(o => o.GetInt32()));
        Assert.All(logprobs.GetProperty("top_logprobs").EnumerateArray(), top => Assert.Equal(2, top.EnumerateObject().Count()));
        Assert.All(logprobs.GetProperty("token_logprobs").EnumerateArray(), lp => Assert.True(lp.GetDouble() <= 0));
    }

    [Fact(Timeout = 30_000)]
    public async Task Streamed_completion_matches_the_whole_one_for_n_3()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = shared.Server.CreateClient();

        // Greedy on a prompt the model is sure of: seeded sampling at temperature 1 is reproducible only up to float
        // noise, and llama.cpp's sums differ with the batch a sequence shares (the choices of one request, other
        // tests' requests), which flipped a near-tied draw in 1 of ~100 runs.
        var body = Api.Completion(ConfidentPrompt, temperature: 0.0, maxTokens: 10);
        body["n"] = 3;
        body["best_of"] = 3;
        body["echo"] = true;
        body["logprobs"] = 1;

        var (status, whole, _) = await Api.PostAsync(http, "v1/completions", body, ct);
        body["stream"] = true;
        body["stream_options"] = new JsonObject { ["include_usage"] = true };
        using var response = await Api.SendStreamingAsync(http, "v1/completions", body, ct);
        var raw = await Sse.ReadAllAsync(response, ct);
        var events = Sse.Json(raw);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("[DONE]", raw[^1]);
        var choices = events.SelectMany(e => e.GetProperty("choices").EnumerateArray()).ToList();
        for (var i = 0; i < 3; i++)
        {
            var streamed = string.Concat(choices.Where(c => c.GetProperty("index").GetInt32() == i).Select(c => c.GetProperty("text").GetString()));
            Assert.Equal(Api.CompletionText(whole, i), streamed);
            Assert.StartsWith(ConfidentPrompt, streamed, StringComparison.Ordinal);
        }

        Assert.Equal(whole.GetProperty("usage").GetProperty("completion_tokens").GetInt32(), events[^1].GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        var withLogprobs = choices.Where(c => c.GetProperty("logprobs").ValueKind == JsonValueKind.Object).ToList();
        Assert.NotEmpty(withLogprobs);
        Assert.All(withLogprobs, c =>
        {
            // A chunk carries one token, or every token of a run the client fell behind on: its logprobs list each.
            var logprobs = c.GetProperty("logprobs");
            var tokens = logprobs.GetProperty("tokens").EnumerateArray().Select(t => t.GetString()).ToList();
            Assert.NotEmpty(tokens);
            Assert.Equal(tokens.Count, logprobs.GetProperty("token_logprobs").GetArrayLength());
            Assert.Equal(tokens.Count, logprobs.GetProperty("text_offset").GetArrayLength());
        });
        for (var i = 0; i < 3; i++)
        {
            var streamedTokens = withLogprobs.Where(c => c.GetProperty("index").GetInt32() == i).Sum(c => c.GetProperty("logprobs").GetProperty("tokens").GetArrayLength());
            var wholeChoice = whole.GetProperty("choices").EnumerateArray().Single(c => c.GetProperty("index").GetInt32() == i);
            Assert.Equal(wholeChoice.GetProperty("logprobs").GetProperty("tokens").GetArrayLength(), streamedTokens);
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task Echo_of_a_token_prompt_returns_its_text()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = shared.Server.CreateClient();
        var (_, tokenized, _) = await Api.PostAsync(http, "tokenize", new JsonObject { ["content"] = "2+2=", ["add_special"] = false }, ct);
        var ids = new JsonArray(tokenized.GetProperty("tokens").EnumerateArray().Select(t => (JsonNode)t.GetInt32()).ToArray());
        var body = new JsonObject { ["prompt"] = ids, ["temperature"] = 0, ["echo"] = true };

        var (status, answer, _) = await Api.PostAsync(http, "v1/completions", body, ct);
        body["stream"] = true;
        using var response = await Api.SendStreamingAsync(http, "v1/completions", body, ct);
        var streamed = string.Concat(Sse.Json(await Sse.ReadAllAsync(response, ct)).Select(e => e.GetProperty("choices")[0].GetProperty("text").GetString()));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("2+2=", Api.CompletionText(answer), StringComparison.Ordinal);
        Assert.Equal(Api.CompletionText(answer), streamed);
    }
}
