using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Wick.Core.Errors;
using Wick.Server.OpenAI;

namespace Wick.Server.Errors;

/// <summary>The one place where errors become OpenAI-shaped HTTP answers (status, body, Retry-After).</summary>
internal static class ErrorMapper
{
    /// <summary>The body for an error; unknown exceptions become a 500 without internal details.</summary>
    public static (int Status, ErrorEnvelope Body) ToResponse(Exception exception) => exception switch
    {
        WickException wick => (wick.HttpStatus, new ErrorEnvelope(new ErrorBody(wick.Message, wick.ErrorType, wick.Param, wick.Code))),
        // Polymorphic fields stay raw JSON until the translator reads them; invalid UTF-8 in them surfaces only then.
        InvalidOperationException { InnerException: System.Text.DecoderFallbackException } =>
            (400, new ErrorEnvelope(new ErrorBody("The request body is not valid UTF-8.", "invalid_request_error", null, "invalid_json"))),
        JsonException json => (400, new ErrorEnvelope(new ErrorBody(DescribeJsonError(json), "invalid_request_error", JsonParam(json), "invalid_json"))),
        BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status413PayloadTooLarge =>
            (413, new ErrorEnvelope(new ErrorBody("The request body is too large.", "invalid_request_error", null, "request_too_large"))),
        BadHttpRequestException bad => (bad.StatusCode, new ErrorEnvelope(new ErrorBody(bad.Message, "invalid_request_error", null, "bad_request"))),
        _ => (500, new ErrorEnvelope(new ErrorBody("The server had an internal error while processing the request.", "server_error", null, "internal_error"))),
    };

    /// <summary>Writes the error as the whole HTTP response (before any body byte was sent).</summary>
    public static async Task WriteAsync(HttpContext context, Exception exception)
    {
        var (status, body) = ToResponse(exception);
        context.Response.StatusCode = status;
        if (exception is WickException { RetryAfterSeconds: { } seconds })
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, body, WireJson.Default.ErrorEnvelope, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The OpenAI wire name of the field a JSON error points at (<c>$.messages[0].role</c> → <c>messages[0].role</c>).</summary>
    private static string? JsonParam(JsonException json) =>
        string.IsNullOrEmpty(json.Path) || json.Path == "$" ? null : json.Path.TrimStart('$', '.');

    private static string DescribeJsonError(JsonException json) => JsonParam(json) is { } param
        ? $"Invalid value for '{param}': {FirstSentence(json.Message)}"
        : $"The request body is not valid JSON: {FirstSentence(json.Message)}";

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". Path:", StringComparison.Ordinal);
        return end > 0 ? message[..end] + "." : message;
    }
}
