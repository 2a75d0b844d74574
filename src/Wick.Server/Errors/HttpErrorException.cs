using Wick.Core.Errors;

namespace Wick.Server.Errors;

/// <summary>
/// Errors the HTTP layer itself raises (authentication, routing, body and media-type checks): each carries its own
/// status, OpenAI type and code, so <see cref="ErrorMapper"/> stays the one place that turns errors into responses.
/// </summary>
internal sealed class HttpErrorException(int status, string type, string code, string message, string? param = null)
    : WickException(message)
{
    public override int HttpStatus => status;

    public override string ErrorType => type;

    public override string? Code => code;

    public override string? Param => param;

    public static HttpErrorException Unauthorized(string message) =>
        new(401, "authentication_error", "invalid_api_key", message);

    public static HttpErrorException NotFound(string message, string code = "not_found", string? param = null) =>
        new(404, "invalid_request_error", code, message, param);

    public static HttpErrorException MethodNotAllowed(string method, string path) =>
        new(405, "invalid_request_error", "method_not_allowed", $"Method {method} is not allowed on {path}.");

    public static HttpErrorException UnsupportedMediaType(string? contentType) =>
        new(415, "invalid_request_error", "unsupported_media_type",
            $"Content-Type '{contentType ?? "(none)"}' is not supported; send application/json.");

    public static HttpErrorException BadRequest(string message, string? param = null, string code = "invalid_request") =>
        new(400, "invalid_request_error", code, message, param);
}
