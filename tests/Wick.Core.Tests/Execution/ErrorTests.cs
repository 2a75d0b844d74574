using Wick.Core.Errors;

namespace Wick.Core.Tests.Execution;

public sealed class ErrorTests
{
    public static TheoryData<WickException, int, string, string> Errors() => new()
    {
        { new InvalidGenerationRequestException("bad", "prompt"), 400, "invalid_request_error", "invalid_value" },
        { new ContextLengthExceededException(10, 8), 422, "invalid_request_error", "context_length_exceeded" },
        { new EngineOverloadedException("full", 1), 429, "rate_limit_error", "engine_overloaded" },
        { new QueueTimeoutException(TimeSpan.FromSeconds(3), 1), 503, "server_error", "queue_timeout" },
        { new StepTimeoutException(TimeSpan.FromMilliseconds(200)), 504, "server_error", "step_timeout" },
        { new DeadlineExceededException("total", TimeSpan.FromSeconds(1)), 504, "server_error", "deadline_exceeded" },
        { new EngineFaultException("boom"), 500, "server_error", "engine_fault" },
        { new EngineShutdownException("bye", 1), 503, "server_error", "shutting_down" },
        { new KvCacheExhaustedException(1), 503, "server_error", "kv_cache_exhausted" },
        { new SlowConsumerException(10), 503, "server_error", "slow_consumer" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Each_engine_error_carries_its_status_type_and_code(WickException error, int status, string type, string code)
    {
        Assert.Equal((status, type, code), (error.HttpStatus, error.ErrorType, error.Code));
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void Errors_name_the_parameter_and_the_figures_at_fault()
    {
        var context = new ContextLengthExceededException(10, 8);
        Assert.Equal((10, 8, "messages"), (context.PromptTokens, context.ContextTokens, context.Param));
        Assert.Equal("max_tokens", new InvalidGenerationRequestException("x", "max_tokens").Param);
        Assert.Equal(TimeSpan.FromSeconds(2), new StepTimeoutException(TimeSpan.FromSeconds(2)).Limit);
        Assert.Equal("first_token", new DeadlineExceededException("first_token", TimeSpan.FromSeconds(1)).Which);
        Assert.Equal(4, new QueueTimeoutException(TimeSpan.FromSeconds(3), 4).RetryAfterSeconds);
        Assert.Equal(5, new KvCacheExhaustedException(5).RetryAfterSeconds);
        Assert.Contains("12", new SlowConsumerException(12).Message, StringComparison.Ordinal);
    }
}
