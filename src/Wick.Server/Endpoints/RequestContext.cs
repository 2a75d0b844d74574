using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Wick.Server.Errors;
using Wick.Server.Serving;

namespace Wick.Server.Endpoints;

/// <summary>Reading request bodies and routing to the served model: the checks every endpoint makes first.</summary>
internal static class RequestContext
{
    /// <summary>Deserializes the JSON body; an empty or <c>null</c> body is a 400, not a crash.</summary>
    public static async Task<T> ReadJsonAsync<T>(HttpContext http, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        if (http.Request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw HttpErrorException.UnsupportedMediaType(http.Request.ContentType);
        }

        T? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync(http.Request.Body, typeInfo, http.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException ex) when (ex.InnerException is InvalidOperationException { InnerException: System.Text.DecoderFallbackException })
        {
            // A string field with invalid UTF-8: System.Text.Json wraps the reader's transcoding error.
            throw HttpErrorException.BadRequest("The request body is not valid UTF-8.", code: "invalid_json");
        }

        return body ?? throw HttpErrorException.BadRequest("The request body must be a JSON object.", code: "invalid_json");
    }

    /// <summary>A request for another model than the one served gets 404, as OpenAI answers; no model means the served one.</summary>
    public static void RequireModel(string? requested, ServedModel model)
    {
        if (requested is { Length: > 0 } && !string.Equals(requested, model.Id, StringComparison.Ordinal))
        {
            throw HttpErrorException.NotFound($"The model '{requested}' does not exist; this server serves '{model.Id}'.", "model_not_found", "model");
        }
    }

    public static long UnixNow(TimeProvider time) => time.GetUtcNow().ToUnixTimeSeconds();
}
