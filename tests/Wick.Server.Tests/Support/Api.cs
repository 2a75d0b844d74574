using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wick.Server.Tests.Support;

/// <summary>Raw HTTP calls to the OpenAI endpoints, for what the SDKs cannot send (n, ignore_eos, timeout, broken bodies).</summary>
internal static class Api
{
    public static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    public static JsonObject Chat(string content, double temperature = 0, int? maxTokens = 8) => new()
    {
        ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = content }),
        ["temperature"] = temperature,
        ["max_tokens"] = maxTokens,
    };

    public static JsonObject Completion(string prompt, double temperature = 0, int? maxTokens = 8) => new()
    {
        ["prompt"] = prompt,
        ["temperature"] = temperature,
        ["max_tokens"] = maxTokens,
    };

    public static async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> PostAsync(HttpClient http, string path, JsonNode body, CancellationToken ct)
    {
        var response = await http.PostAsync(path, Json(body), ct);
        return (response.StatusCode, await ParseAsync(response, ct), response);
    }

    public static async Task<JsonElement> ParseAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Sends a request and returns as soon as the headers arrived (for streams read event by event).</summary>
    public static Task<HttpResponseMessage> SendStreamingAsync(HttpClient http, string path, JsonNode body, CancellationToken ct)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Json(body) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        return http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
    }

    public static string ChatText(JsonElement body, int choice = 0) =>
        body.GetProperty("choices")[choice].GetProperty("message").GetProperty("content").GetString() ?? string.Empty;

    public static string CompletionText(JsonElement body, int choice = 0) =>
        body.GetProperty("choices")[choice].GetProperty("text").GetString() ?? string.Empty;

    /// <summary>Asserts OpenAI's error shape: <c>{"error":{"message","type","param","code"}}</c> with all four keys present.</summary>
    public static JsonElement AssertError(JsonElement body, string type, string? code = null, string? param = null)
    {
        var error = body.GetProperty("error");
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        Assert.Equal(type, error.GetProperty("type").GetString());
        var actualParam = error.GetProperty("param");
        var actualCode = error.GetProperty("code");
        if (param is not null)
        {
            Assert.Equal(param, actualParam.GetString());
        }

        if (code is not null)
        {
            Assert.Equal(code, actualCode.GetString());
        }

        return error;
    }
}
