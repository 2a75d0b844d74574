using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Wick.Server.Errors;
using Wick.Server.Metrics;
using Wick.Server.OpenAI;
using Wick.Server.Serving;

namespace Wick.Server.Endpoints;

/// <summary>Models, tokenizer, health and metrics: the endpoints that do not generate.</summary>
internal sealed class InfoEndpoints(ServedModel model, Readiness readiness, ServerMetrics metrics)
{
    public Task ListModelsAsync(HttpContext http) =>
        WriteJsonAsync(http, new ModelListResponse("list", [Card()]), WireJson.Default.ModelListResponse);

    public Task GetModelAsync(HttpContext http, string id) => id == model.Id
        ? WriteJsonAsync(http, Card(), WireJson.Default.ModelCard)
        : throw HttpErrorException.NotFound($"The model '{id}' does not exist; this server serves '{model.Id}'.", "model_not_found", "model");

    public async Task TokenizeAsync(HttpContext http)
    {
        var request = await RequestContext.ReadJsonAsync(http, WireJson.Default.TokenizeRequest).ConfigureAwait(false);
        var text = request.Content ?? request.Prompt ?? throw HttpErrorException.BadRequest("Give the text to tokenize as 'content' (or 'prompt').", "content");
        var tokens = await model.Tokenizer.TokenizeAsync(text, request.AddSpecial ?? true, http.RequestAborted).ConfigureAwait(false);
        await WriteJsonAsync(http, new TokenizeResponse(tokens, tokens.Count, model.Engine.ContextLength), WireJson.Default.TokenizeResponse).ConfigureAwait(false);
    }

    public async Task DetokenizeAsync(HttpContext http)
    {
        var request = await RequestContext.ReadJsonAsync(http, WireJson.Default.DetokenizeRequest).ConfigureAwait(false);
        var tokens = request.Tokens ?? throw HttpErrorException.BadRequest("Give the token ids to decode as 'tokens'.", "tokens");
        var text = model.Detokenize(tokens);
        await WriteJsonAsync(http, new DetokenizeResponse(text, text), WireJson.Default.DetokenizeResponse).ConfigureAwait(false);
    }

    /// <summary>Liveness: the engine loop runs and the watchdog has not marked it unhealthy.</summary>
    public Task HealthAsync(HttpContext http) => model.Engine.IsHealthy
        ? WritePlainAsync(http, StatusCodes.Status200OK, "{\"status\":\"ok\"}")
        : WritePlainAsync(http, StatusCodes.Status503ServiceUnavailable, "{\"status\":\"unhealthy\",\"reason\":\"consecutive device step failures\"}");

    /// <summary>Readiness: loaded and certified (when certification was asked for). A full queue does not matter here.</summary>
    public Task ReadyAsync(HttpContext http) => readiness.IsReady && model.Engine.IsAcceptingRequests
        ? WritePlainAsync(http, StatusCodes.Status200OK, "{\"status\":\"ready\"}")
        : WritePlainAsync(http, StatusCodes.Status503ServiceUnavailable, JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["status"] = "not_ready",
            ["reason"] = readiness.NotReadyReason ?? "the server is shutting down",
        }));

    public async Task MetricsAsync(HttpContext http)
    {
        http.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        await http.Response.WriteAsync(metrics.Render(model.Id, model.Engine.GetMetrics()), http.RequestAborted).ConfigureAwait(false);
    }

    private ModelCard Card() => new(
        model.Id,
        "model",
        model.Created,
        "wick",
        model.Engine.ContextLength,
        new ModelMeta(
            model.Description.Architecture ?? "unknown",
            model.Description.ParameterCount,
            (int)(model.Description.VocabSize ?? model.Engine.Vocabulary.Size),
            (int)(model.Description.ContextLength ?? 0),
            model.FileSize));

    private static async Task WriteJsonAsync<T>(HttpContext http, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
    {
        http.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(http.Response.Body, value, typeInfo, http.RequestAborted).ConfigureAwait(false);
    }

    private static async Task WritePlainAsync(HttpContext http, int status, string json)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(json, http.RequestAborted).ConfigureAwait(false);
    }
}
