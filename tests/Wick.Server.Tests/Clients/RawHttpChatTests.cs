using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wick.Server.Tests.Support;

namespace Wick.Server.Tests.Clients;

/// <summary>What the .NET SDK cannot send (n, content parts, vLLM extensions), as raw OpenAI-shaped JSON over HTTP.</summary>
public sealed class RawHttpChatTests(SharedServer shared)
{
    // A prompt the tiny model is unsure how to continue (it answers "hello" with EOS at once), so seeds matter.
    private const string UncertainPrompt = "3";

    private static readonly string Four = (2 + 2).ToString(CultureInfo.InvariantCulture);

    [Fact(Timeout = 30_000)]
    public async Task N_3_seeded_choices_are_reproducible_and_match_streamed_and_not()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = shared.Server.CreateClient();
        var body = Api.Chat(UncertainPrompt, temperature: 1.0, maxTokens: 12);
        body["n"] = 3;
        body["seed"] = 11;

        var (status, whole, _) = await Api.PostAsync(http, "v1/chat/completions", body, ct);
        body["stream"] = true;
        using var response = await Api.SendStreamingAsync(http, "v1/chat/completions", body, ct);
        var events = Sse.Json(await Sse.ReadAllAsync(response, ct));

        Assert.Equal(HttpStatusCode.OK, status);
        var choices = whole.GetProperty("choices").EnumerateArray().ToList();
        Assert.Equal([0, 1, 2], choices.Select(c => c.GetProperty("index").GetInt32()));
        var texts = choices.Select(c => c.GetProperty("message").GetProperty("content").GetString() ?? string.Empty).ToList();
        var streamed = Enumerable.Range(0, 3).Select(i => string.Concat(events
            .SelectMany(e => e.GetProperty("choices").EnumerateArray())
            .Where(c => c.GetProperty("index").GetInt32() == i && c.GetProperty("delta").TryGetProperty("content", out _))
            .Select(c => c.GetProperty("delta").GetProperty("content").GetString() ?? string.Empty))).ToList();
        Assert.Equal(texts, streamed);
        Assert.True(texts.Distinct().Count() > 1, "three choices of one seeded request should not all be the same draw");
        var usage = whole.GetProperty("usage");
        Assert.Equal(UncertainPrompt.Length + 1, usage.GetProperty("prompt_tokens").GetInt32()); // the prompt is counted once
        Assert.InRange(usage.GetProperty("completion_tokens").GetInt32(), 3, 3 * 12); // summed over the choices
    }

    [Fact(Timeout = 30_000)]
    public async Task Content_parts_and_system_messages_render_through_the_models_template()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = shared.Server.CreateClient();
        var body = new JsonObject
        {
            ["model"] = shared.Server.Model.Id,
            ["temperature"] = 0,
            ["messages"] = new JsonArray(
                new JsonObject { ["role"] = "developer", ["content"] = "ignored by the tiny model's template" },
                new JsonObject { ["role"] = "user", ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "2+" }, new JsonObject { ["type"] = "text", ["text"] = "2=" }) }),
        };

        var (status, answer, _) = await Api.PostAsync(http, "v1/chat/completions", body, ct);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(Four, Api.ChatText(answer));
        Assert.Equal("2+2=".Length + 1, answer.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(JsonValueKind.Null, answer.GetProperty("choices")[0].GetProperty("logprobs").ValueKind);
    }

    [Fact(Timeout = 30_000)]
    public async Task Streamed_chat_opens_with_the_role_and_ends_with_usage_then_done()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = shared.Server.CreateClient();
        var body = Api.Chat("2+2=");
        body["stream"] = true;
        body["stream_options"] = new JsonObject { ["include_usage"] = true };
        body["logprobs"] = true;

        using var response = await Api.SendStreamingAsync(http, "v1/chat/completions", body, ct);
        var raw = await Sse.ReadAllAsync(response, ct);
        var events = Sse.Json(raw);

        Assert.Equal("text/event-stream; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
        Assert.Equal("[DONE]", raw[^1]);
        Assert.Equal("assistant", events[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        Assert.All(events, e => Assert.Equal("chat.completion.chunk", e.GetProperty("object").GetString()));
        var content = events.Skip(1).SkipLast(2).Select(e => e.GetProperty("choices")[0]).ToList();
        Assert.Equal(Four, string.Concat(content.Select(c => c.GetProperty("delta").GetProperty("content").GetString())));
        Assert.All(content, c => Assert.Single(c.GetProperty("logprobs").GetProperty("content").EnumerateArray()));
        Assert.Equal("stop", events[^2].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Empty(events[^1].GetProperty("choices").EnumerateArray());
        Assert.Equal("2+2=".Length + 1, events[^1].GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
    }

    [Fact(Timeout = 30_000)]
    public async Task Ignore_eos_generates_exactly_max_tokens()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = shared.Server.CreateClient();
        var body = Api.Chat("2+2=", maxTokens: 20);
        body["ignore_eos"] = true;
        body["max_completion_tokens"] = 20;

        var (status, answer, _) = await Api.PostAsync(http, "v1/chat/completions", body, ct);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("length", answer.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal(20, answer.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        Assert.StartsWith(Four, Api.ChatText(answer), StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task Text_held_back_for_a_possible_stop_string_arrives_with_the_finish()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = shared.Server.CreateClient();
        var (_, free, _) = await Api.PostAsync(http, "v1/chat/completions", Api.Chat("7+8="), ct);
        var answer = Api.ChatText(free);
        var body = Api.Chat("7+8=", maxTokens: answer.Length);
        body["stop"] = answer[^1..] + "#"; // the last character might begin the stop string, so it waits
        body["stream"] = true;

        using var response = await Api.SendStreamingAsync(http, "v1/chat/completions", body, ct);
        var events = Sse.Json(await Sse.ReadAllAsync(response, ct));

        var last = events[^1].GetProperty("choices")[0];
        Assert.Equal("length", last.GetProperty("finish_reason").GetString());
        Assert.Equal(answer[^1..], last.GetProperty("delta").GetProperty("content").GetString());
        Assert.Equal(answer, string.Concat(events.Select(e => e.GetProperty("choices")[0].GetProperty("delta")).Where(d => d.TryGetProperty("content", out _)).Select(d => d.GetProperty("content").GetString())));
    }
}
