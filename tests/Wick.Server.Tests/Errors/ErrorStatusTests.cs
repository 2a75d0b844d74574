using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Wick.Server.Tests.Support;

namespace Wick.Server.Tests.Errors;

/// <summary>Every error status the default server produces, each in OpenAI's error shape, caused by a real request.</summary>
public sealed class ErrorStatusTests(SharedServer shared)
{
    private const string Chat = "v1/chat/completions";
    private const string Completions = "v1/completions";

    [Theory(Timeout = 30_000)]
    [InlineData(Chat, """{"messages":[{"role":"user","content":"2+2="}],"temperature":2.5}""", "temperature")]
    [InlineData(Chat, """{"messages":[{"role":"user","content":"2+2="}],"temperature":"warm"}""", "temperature")]
    [InlineData(Chat, """{"messages":[{"role":"user","content":"2+2="}],"top_p":0}""", "top_p")]
    [InlineData(Chat, """{"messages":[{"role":"user","content":"2+2="}],"n":0}""", "n")]
    [InlineData(Completions, """{"prompt":"2+2=","n":17}""", "n")]
    [InlineData(Chat, """{"messages":[{"role":"user","content":"2+2="}],"stop":["a","b","c","d","e"]}""", "stop")]
    [InlineData(Chat, """{"messages":[{"role":"user","content":"2+2="}],"stop":7}""", "stop")]
    [InlineData(Completions, """{"prompt":"2+2=","stop":["=",3]}""", "stop")]
    [InlineData(Chat, """{"messages":[]}""", "messages")]
    [InlineData(Chat, """{"temperature":0}""", "messages")]
    [InlineData(Chat, """{"messages":[{"role":"wizard","content":"2+2="}]}""", "messages[0].role")]
    [InlineData(Chat, """{"messages":[null]}""", "messages[0]")]
    [InlineData(Chat, """{"messages":[{"role":"user","content":7}]}""", "messages[0].content")]
    [InlineData(Chat, """{"messages":[{"role":"user","content":[{"type":"image_url","image_url":"x"}]}]}""", "messages[0].content[0]")]
    [InlineData(Chat, """{"messages":[{"role":"user","content":"2+2="}],"logit_bias":{"abc":1}}""", "logit_bias")]
    [InlineData(Chat, """{"messages":[{"role":"user","content":"2+2="}],"logit_bias":{"999999":1}}""", "logit_bias")]
    [InlineData(Chat, """{"messages":[{"role":"user","content":"2+2="}],"logit_bias":{"50":101}}""", "logit_bias")]
    [InlineData(Chat, """{"messages":[{"role":"user","content":"2+2="}],"max_tokens":3,"max_completion_tokens":4}""", "max_completion_tokens")]
    [InlineData(Chat, """{"messages":[{"role":"user","content":"2+2="}],"max_tokens":0}""", "max_tokens")]
    [InlineData(Chat, """{"messages":[{"role":"user","content":"2+2="}],"top_logprobs":2}""", "top_logprobs")]
    [InlineData(Chat, """{"messages":[{"role":"user","content":"2+2="}],"logprobs":true,"top_logprobs":21}""", "top_logprobs")]
    [InlineData(Chat, """{"messages":[{"role":"user","content":"2+2="}],"timeout":-1}""", "timeout")]
    [InlineData(Chat, """{"messages":[{"role":"user","content":"2+2="}],"stream_options":{"include_usage":true}}""", "stream_options")]
    [InlineData(Completions, """{"prompt":42}""", "prompt")]
    [InlineData(Completions, """{"prompt":[]}""", "prompt")]
    [InlineData(Completions, """{"prompt":["a","b"]}""", "prompt")]
    [InlineData(Completions, """{"prompt":[1,99999999999]}""", "prompt")]
    [InlineData(Completions, """{"prompt":[1,9999]}""", "prompt")]
    [InlineData(Completions, """{"prompt":"2+2=","suffix":"x"}""", "suffix")]
    [InlineData(Completions, """{"prompt":"2+2=","best_of":2}""", "best_of")]
    public async Task Invalid_parameters_get_400_naming_the_parameter(string path, string json, string param)
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = shared.Server.CreateClient();

        using var response = await http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"), ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Api.AssertError(await Api.ParseAsync(response, ct), "invalid_request_error", param: param);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("{bad", "invalid_json")]
    [InlineData("null", "invalid_json")]
    [InlineData("", "invalid_json")]
    public async Task Bodies_that_are_not_a_json_object_get_400(string json, string code)
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = shared.Server.CreateClient();

        using var response = await http.PostAsync(Chat, new StringContent(json, Encoding.UTF8, "application/json"), ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = Api.AssertError(await Api.ParseAsync(response, ct), "invalid_request_error", code: code);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, error.GetProperty("param").ValueKind);
    }

    [Theory(Timeout = 30_000)]
    [InlineData(Completions, "prompt")] // a raw JSON field, read by the translator
    [InlineData(Completions, "model")] // a typed string field, read by the deserializer
    [InlineData(Chat, "content")]
    public async Task A_body_that_is_not_utf8_gets_400(string path, string field)
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = shared.Server.CreateClient();
        var json = path == Chat
            ? """{"messages":[{"role":"user","content":"2+2=X"}]}"""
            : $$"""{"prompt":"2+2=","{{field}}":"2+2=X"}""";
        var bytes = Encoding.UTF8.GetBytes(json);
        bytes[Array.LastIndexOf(bytes, (byte)'X')] = 0xFF;
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await http.PostAsync(path, content, ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = Api.AssertError(await Api.ParseAsync(response, ct), "invalid_request_error", code: "invalid_json");
        Assert.Contains("UTF-8", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task An_unknown_model_gets_404_model_not_found()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = shared.Server.CreateClient();
        var body = Api.Chat("2+2=");
        body["model"] = "gpt-4o";

        var (status, error, _) = await Api.PostAsync(http, Chat, body, ct);
        using var card = await http.GetAsync("v1/models/gpt-4o", ct);

        Assert.Equal(HttpStatusCode.NotFound, status);
        Api.AssertError(error, "invalid_request_error", "model_not_found", "model");
        Assert.Equal(HttpStatusCode.NotFound, card.StatusCode);
        Api.AssertError(await Api.ParseAsync(card, ct), "invalid_request_error", "model_not_found", "model");
    }

    [Fact(Timeout = 30_000)]
    public async Task An_unknown_route_gets_404_and_a_wrong_method_405()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = shared.Server.CreateClient();

        using var unknown = await http.GetAsync("v1/embeddings", ct);
        using var wrongMethod = await http.GetAsync(Chat, ct);
        using var deleteModels = await http.DeleteAsync("v1/models", ct);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Api.AssertError(await Api.ParseAsync(unknown, ct), "invalid_request_error", "route_not_found");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
        Api.AssertError(await Api.ParseAsync(wrongMethod, ct), "invalid_request_error", "method_not_allowed");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, deleteModels.StatusCode);
        Assert.Contains("POST", wrongMethod.Content.Headers.Allow);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public async Task A_body_that_is_not_json_gets_415(string? contentType)
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = shared.Server.CreateClient();
        using var content = new ByteArrayContent("""{"prompt":"2+2="}"""u8.ToArray());
        if (contentType is not null)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        using var response = await http.PostAsync(Completions, content, ct);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Api.AssertError(await Api.ParseAsync(response, ct), "invalid_request_error", "unsupported_media_type");
    }

    [Fact(Timeout = 30_000)]
    public async Task A_prompt_longer_than_the_context_gets_422()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = shared.Server.CreateClient();
        var context = shared.Server.Model.Engine.ContextLength;

        var (chatStatus, chatError, _) = await Api.PostAsync(http, Chat, Api.Chat(new string('1', context)), ct);
        var (status, error, _) = await Api.PostAsync(http, Completions, Api.Completion(new string('1', context)), ct);

        Assert.Equal((HttpStatusCode)422, chatStatus);
        Api.AssertError(chatError, "invalid_request_error", "context_length_exceeded", "messages");
        Assert.Equal((HttpStatusCode)422, status);
        Assert.Contains(context.ToString(System.Globalization.CultureInfo.InvariantCulture), Api.AssertError(error, "invalid_request_error", "context_length_exceeded").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory(Timeout = 30_000)]
    [InlineData(Chat)]
    [InlineData(Completions)]
    public async Task A_request_past_its_timeout_gets_504(string path)
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = shared.Server.CreateClient();
        var body = path == Chat ? Api.Chat("2+2=", maxTokens: 1000) : Api.Completion("2+2=", maxTokens: 1000);
        body["ignore_eos"] = true;
        body["timeout"] = 0.001;

        var (status, error, _) = await Api.PostAsync(http, path, body, ct);

        Assert.Equal(HttpStatusCode.GatewayTimeout, status);
        Api.AssertError(error, "server_error", "deadline_exceeded");
    }

    [Theory(Timeout = 30_000)]
    [InlineData(Chat)]
    [InlineData(Completions)]
    public async Task A_stream_that_times_out_after_it_started_ends_with_an_error_event_then_done(string path)
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = shared.Server.CreateClient();
        var body = path == Chat ? Api.Chat("2+2=", maxTokens: 100_000) : Api.Completion("2+2=", maxTokens: 100_000);
        body["ignore_eos"] = true;
        body["stream"] = true;
        body["timeout"] = 0.05; // the ~1000 tokens the context allows take several times longer than that

        using var response = await Api.SendStreamingAsync(http, path, body, ct);
        var events = await Sse.ReadAllAsync(response, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // the status went out with the first byte
        Assert.Equal("[DONE]", events[^1]);
        var json = Sse.Json(events);
        Api.AssertError(json[^1], "server_error", "deadline_exceeded");
        Assert.All(json.SkipLast(1), e => Assert.False(e.TryGetProperty("error", out _)));
    }
}
