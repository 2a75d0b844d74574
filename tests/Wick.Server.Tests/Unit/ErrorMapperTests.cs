using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Wick.Core.Errors;
using Wick.Server.Errors;

namespace Wick.Server.Tests.Unit;

public sealed class ErrorMapperTests
{
    public static TheoryData<Exception, int, string, string?, string?> Cases => new()
    {
        { new InvalidParameterException("top_p", "invalid_value", "bad top_p"), 400, "invalid_request_error", "top_p", "invalid_value" },
        { new ContextLengthExceededException(100, 64), 422, "invalid_request_error", "messages", "context_length_exceeded" },
        { new EngineOverloadedException("full", 2), 429, "rate_limit_error", null, "engine_overloaded" },
        { new QueueTimeoutException(TimeSpan.FromSeconds(1), 1), 503, "server_error", null, "queue_timeout" },
        { new DeadlineExceededException("total", TimeSpan.FromSeconds(1)), 504, "server_error", null, "deadline_exceeded" },
        { new EngineFaultException("device lost"), 500, "server_error", null, "engine_fault" },
        { HttpErrorException.Unauthorized("no key"), 401, "authentication_error", null, "invalid_api_key" },
        { HttpErrorException.UnsupportedMediaType(null), 415, "invalid_request_error", null, "unsupported_media_type" },
        { new BadHttpRequestException("too big", StatusCodes.Status413PayloadTooLarge), 413, "invalid_request_error", null, "request_too_large" },
        { new BadHttpRequestException("bad chunk", StatusCodes.Status400BadRequest), 400, "invalid_request_error", null, "bad_request" },
        { new JsonException("broken", "$.messages[0].role", 1, 2), 400, "invalid_request_error", "messages[0].role", "invalid_json" },
        { new JsonException("broken", "$", 1, 2), 400, "invalid_request_error", null, "invalid_json" },
        { new InvalidOperationException("x", new System.Text.DecoderFallbackException()), 400, "invalid_request_error", null, "invalid_json" },
        { new InvalidOperationException("secret internal detail"), 500, "server_error", null, "internal_error" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_error_gets_its_status_type_param_and_code(Exception exception, int status, string type, string? param, string? code)
    {
        var (actualStatus, body) = ErrorMapper.ToResponse(exception);

        Assert.Equal(status, actualStatus);
        Assert.Equal(type, body.Error.Type);
        Assert.Equal(param, body.Error.Param);
        Assert.Equal(code, body.Error.Code);
        Assert.False(string.IsNullOrWhiteSpace(body.Error.Message));
    }

    [Fact]
    public void Unknown_exceptions_do_not_leak_their_message()
    {
        var (_, body) = ErrorMapper.ToResponse(new InvalidOperationException("secret internal detail"));

        Assert.DoesNotContain("secret", body.Error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("'x' is invalid. Path: $.temperature | LineNumber: 0", "Invalid value for 'temperature': 'x' is invalid.")]
    [InlineData("The value is wrong", "Invalid value for 'temperature': The value is wrong")]
    public void Json_errors_name_the_field_in_one_sentence(string message, string expected)
    {
        var (_, body) = ErrorMapper.ToResponse(new JsonException(message, "$.temperature", 0, 3));

        Assert.Equal(expected, body.Error.Message);
    }

    [Fact]
    public async Task WriteAsync_writes_the_json_body_and_retry_after()
    {
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();

        await ErrorMapper.WriteAsync(context, new EngineOverloadedException("queue full", 3));

        Assert.Equal(429, context.Response.StatusCode);
        Assert.Equal("3", context.Response.Headers.RetryAfter.ToString());
        Assert.Equal("application/json", context.Response.ContentType);
        context.Response.Body.Position = 0;
        using var json = JsonDocument.Parse(context.Response.Body);
        Assert.Equal(["message", "type", "param", "code"], json.RootElement.GetProperty("error").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task WriteAsync_sends_no_retry_after_for_errors_that_retrying_cannot_fix()
    {
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();

        await ErrorMapper.WriteAsync(context, HttpErrorException.BadRequest("nope", "n"));

        Assert.Equal(400, context.Response.StatusCode);
        Assert.False(context.Response.Headers.ContainsKey("Retry-After"));
    }
}
