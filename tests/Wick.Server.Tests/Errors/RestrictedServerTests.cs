using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Wick.Server.Tests.Support;
using Wick.TestSupport.Server;

namespace Wick.Server.Tests.Errors;

/// <summary>A server configured with API keys, a small body limit and CORS: 401 and 413, and what stays open.</summary>
public sealed class RestrictedServerTests : IAsyncLifetime
{
    private const string Key = "sk-wick-test";
    private WickTestServer? _server;

    private WickTestServer Server => _server!;

    public async ValueTask InitializeAsync() => _server = await WickTestServer.StartAsync(
        TestContext.Current.CancellationToken,
        options =>
        {
            options.ApiKeys = ["", "other-key", Key];
            options.MaxRequestBodyBytes = 1024;
            options.CorsOrigins = ["https://app.example"];
        });

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();

    [Theory(Timeout = 30_000)]
    [InlineData(null)]
    [InlineData("Bearer wrong-key")]
    [InlineData("Basic c2std2ljay10ZXN0")]
    [InlineData("Bearer ")]
    public async Task Missing_or_wrong_keys_get_401(string? authorization)
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = Server.CreateClient();
        if (authorization is not null)
        {
            http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        }

        var (status, error, _) = await Api.PostAsync(http, "v1/chat/completions", Api.Chat("2+2="), ct);
        using var models = await http.GetAsync("v1/models", ct);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Api.AssertError(error, "authentication_error", "invalid_api_key");
        Assert.Equal(HttpStatusCode.Unauthorized, models.StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task Any_configured_key_is_accepted()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = Server.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        using var other = Server.CreateClient();
        other.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("bearer", "other-key");

        var (status, answer, _) = await Api.PostAsync(http, "v1/completions", Api.Completion("2+2="), ct);
        using var models = await other.GetAsync("v1/models", ct);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((2 + 2).ToString(System.Globalization.CultureInfo.InvariantCulture), Api.CompletionText(answer));
        Assert.Equal(HttpStatusCode.OK, models.StatusCode);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("health")]
    [InlineData("health/ready")]
    [InlineData("metrics")]
    public async Task Health_and_metrics_stay_open_without_a_key(string path)
    {
        using var http = Server.CreateClient();

        using var response = await http.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_body_over_the_limit_gets_413()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = Server.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);

        var (status, error, _) = await Api.PostAsync(http, "v1/completions", Api.Completion(new string('1', 2048)), ct);
        using var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(Api.Completion(new string('2', 4096)).ToJsonString())));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/completions") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        using var chunkedResponse = await http.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Api.AssertError(error, "invalid_request_error", "request_too_large");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunkedResponse.StatusCode);
        Api.AssertError(await Api.ParseAsync(chunkedResponse, ct), "invalid_request_error", "request_too_large");
    }

    [Fact(Timeout = 30_000)]
    public async Task Cors_preflight_from_an_allowed_origin_is_answered()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = Server.CreateClient();
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "v1/chat/completions");
        preflight.Headers.Add("Origin", "https://app.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");

        using var response = await http.SendAsync(preflight, ct);

        Assert.True(response.IsSuccessStatusCode, response.StatusCode.ToString());
        Assert.Equal("https://app.example", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }
}
