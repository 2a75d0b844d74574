using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wick.Server.Tests.Support;

namespace Wick.Server.Tests.Serving;

/// <summary>The endpoints that do not generate: models, tokenizer, health.</summary>
public sealed class InfoEndpointTests(SharedServer shared)
{
    [Fact(Timeout = 30_000)]
    public async Task Models_list_the_served_model_with_what_its_gguf_says()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = shared.Server.CreateClient();
        var model = shared.Server.Model;

        using var list = JsonDocument.Parse(await http.GetStringAsync("v1/models", ct));
        using var card = JsonDocument.Parse(await http.GetStringAsync($"v1/models/{model.Id}", ct));

        Assert.Equal("list", list.RootElement.GetProperty("object").GetString());
        var listed = Assert.Single(list.RootElement.GetProperty("data").EnumerateArray());
        Assert.Equal(listed.ToString(), card.RootElement.ToString());
        Assert.Equal(model.Id, listed.GetProperty("id").GetString());
        Assert.Equal("model", listed.GetProperty("object").GetString());
        Assert.Equal(model.Engine.ContextLength, listed.GetProperty("max_model_len").GetInt32());
        var meta = listed.GetProperty("meta");
        Assert.Equal(model.Description.Architecture, meta.GetProperty("architecture").GetString());
        Assert.Equal(model.Engine.Vocabulary.Size, meta.GetProperty("vocab_size").GetInt32());
        Assert.Equal(new FileInfo(model.Path).Length, meta.GetProperty("file_size").GetInt64());
        Assert.True(meta.GetProperty("parameters").GetInt64() > 0);
    }

    [Fact(Timeout = 30_000)]
    public async Task Tokenize_and_detokenize_round_trip()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = shared.Server.CreateClient();
        const string text = "12+34=46, héllo";

        var (status, tokenized, _) = await Api.PostAsync(http, "tokenize", new JsonObject { ["content"] = text }, ct);
        var (_, plain, _) = await Api.PostAsync(http, "tokenize", new JsonObject { ["prompt"] = text, ["add_special"] = false }, ct);
        var ids = tokenized.GetProperty("tokens").EnumerateArray().Select(t => (JsonNode)t.GetInt32()).ToArray();
        var (detokenizeStatus, detokenized, _) = await Api.PostAsync(http, "detokenize", new JsonObject { ["tokens"] = new JsonArray(ids) }, ct);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(text) + 1, tokenized.GetProperty("count").GetInt32()); // bytes plus BOS
        Assert.Equal(ids.Length - 1, plain.GetProperty("count").GetInt32());
        Assert.Equal(shared.Server.Model.Engine.ContextLength, tokenized.GetProperty("max_model_len").GetInt32());
        Assert.Equal(HttpStatusCode.OK, detokenizeStatus);
        Assert.Equal(text, detokenized.GetProperty("content").GetString());
        Assert.Equal(text, detokenized.GetProperty("prompt").GetString());
    }

    [Theory(Timeout = 30_000)]
    [InlineData("tokenize", """{"add_special":true}""", "content")]
    [InlineData("detokenize", """{}""", "tokens")]
    [InlineData("detokenize", """{"tokens":[50,-1]}""", "tokens")]
    [InlineData("detokenize", """{"tokens":[50,100000]}""", "tokens")]
    public async Task Tokenizer_requests_without_input_get_400(string path, string json, string param)
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = shared.Server.CreateClient();

        using var response = await http.PostAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"), ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Api.AssertError(await Api.ParseAsync(response, ct), "invalid_request_error", param: param);
    }

    [Fact(Timeout = 30_000)]
    public async Task Health_and_readiness_report_ok_on_a_running_server()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = shared.Server.CreateClient();

        using var health = await http.GetAsync("health", ct);
        using var ready = await http.GetAsync("health/ready", ct);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("ok", (await Api.ParseAsync(health, ct)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ready", (await Api.ParseAsync(ready, ct)).GetProperty("status").GetString());
    }
}
