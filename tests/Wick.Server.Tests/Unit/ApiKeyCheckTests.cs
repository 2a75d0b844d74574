using Wick.Server.Http;

namespace Wick.Server.Tests.Unit;

public sealed class ApiKeyCheckTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer anything")]
    public void No_configured_key_means_open(string? header)
    {
        var check = new ApiKeyCheck(["", ""]);

        Assert.True(check.IsOpen);
        Assert.True(check.IsAuthorized(header));
    }

    [Theory]
    [InlineData("Bearer sk-one", true)]
    [InlineData("bearer sk-two", true)]
    [InlineData("BEARER   sk-two  ", true)]
    [InlineData("Bearer sk-on", false)]
    [InlineData("Bearer sk-one-and-more", false)]
    [InlineData("Bearer ", false)]
    [InlineData("Basic sk-one", false)]
    [InlineData("sk-one", false)]
    [InlineData(null, false)]
    public void Only_a_bearer_header_with_a_configured_key_is_authorized(string? header, bool authorized)
    {
        var check = new ApiKeyCheck(["sk-one", "sk-two"]);

        Assert.False(check.IsOpen);
        Assert.Equal(authorized, check.IsAuthorized(header));
    }
}
