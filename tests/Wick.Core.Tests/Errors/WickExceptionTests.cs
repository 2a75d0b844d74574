using Wick.Core.Errors;

namespace Wick.Core.Tests.Errors;

public sealed class WickExceptionTests
{
    private sealed class Minimal() : WickException("minimal", new InvalidOperationException("inner"))
    {
        public override int HttpStatus => 418;

        public override string ErrorType => "test_error";
    }

    [Fact]
    public void An_error_without_code_param_or_retry_hint_reports_none()
    {
        var error = new Minimal();

        Assert.Null(error.Code);
        Assert.Null(error.Param);
        Assert.Null(error.RetryAfterSeconds);
        Assert.IsType<InvalidOperationException>(error.InnerException);
        Assert.Equal(("minimal", 418, "test_error"), (error.Message, error.HttpStatus, error.ErrorType));
    }
}
