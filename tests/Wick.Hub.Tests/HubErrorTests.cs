using Wick.Hub.Errors;
using Wick.Hub.Tests.Support;

namespace Wick.Hub.Tests;

public sealed class HubErrorTests
{
    private const int Timeout = 60_000;

    [Fact(Timeout = Timeout)]
    public async Task Private_repo_without_a_token_fails_telling_to_set_HF_TOKEN()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var repo = env.Hub.AddRepo("acme/secret-GGUF");
        repo.Private = true;
        repo.Add("secret.gguf", 1000, seed: 1);
        using var store = env.Store();

        var error = await Assert.ThrowsAsync<HubAuthenticationException>(() => store.PullAsync(ModelReference.Parse("acme/secret-GGUF"), null, ct));

        Assert.Equal(401, error.HubStatus);
        Assert.Contains("acme/secret-GGUF", error.Message, StringComparison.Ordinal);
        Assert.Contains("set HF_TOKEN", error.Message, StringComparison.Ordinal);
        Assert.Contains("restricted", error.Message, StringComparison.Ordinal);
        Assert.Equal(401, error.HttpStatus);
        Assert.Equal("authentication_error", error.ErrorType);
        Assert.Equal("hub_authentication_failed", error.Code);
    }

    [Fact(Timeout = Timeout)]
    public async Task Private_repo_with_the_token_downloads_and_the_token_never_reaches_the_cdn_host()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var repo = env.Hub.AddRepo("acme/secret-GGUF");
        repo.Private = true;
        var file = repo.Add("secret.gguf", 1000, seed: 2);
        env.Hub.CdnOnOtherHost = true;
        var variables = env.Variables();
        variables["HF_TOKEN"] = env.Hub.Token;
        using var store = env.Store(HubOptions.FromEnvironment(n => variables.GetValueOrDefault(n)) with { RetryDelay = TimeSpan.Zero });

        var result = await store.PullAsync(ModelReference.Parse("acme/secret-GGUF"), null, ct);

        Assert.Equal(file.Content, await File.ReadAllBytesAsync(result.PrimaryPath, ct));
        Assert.Equal($"Bearer {env.Hub.Token}", Assert.Single(env.Hub.RequestsTo("/api/")).Authorization);
        var cdn = Assert.Single(env.Hub.RequestsTo("/cdn/"));
        Assert.Equal("localhost", cdn.Host);
        Assert.Null(cdn.Authorization);
    }

    [Fact(Timeout = Timeout)]
    public async Task Wrong_token_is_reported_as_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var repo = env.Hub.AddRepo("acme/secret-GGUF");
        repo.Private = true;
        using var store = env.Store(env.Options with { Token = "hf_wrong" });

        var error = await Assert.ThrowsAsync<HubAuthenticationException>(() => store.PullAsync(ModelReference.Parse("acme/secret-GGUF"), null, ct));

        Assert.Contains("refused the token", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task Missing_repo_is_named_in_the_error()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        using var store = env.Store();

        var error = await Assert.ThrowsAsync<ModelNotFoundException>(() => store.PullAsync(ModelReference.Parse("acme/nothing-here"), null, ct));

        Assert.Equal(ModelNotFoundKind.Repository, error.Kind);
        Assert.Contains("Repository 'acme/nothing-here' was not found", error.Message, StringComparison.Ordinal);
        Assert.Equal(404, error.HttpStatus);
        Assert.Equal("model_not_found", error.Code);
        Assert.Equal("invalid_request_error", error.ErrorType);
    }

    [Fact(Timeout = Timeout)]
    public async Task Missing_repo_that_the_hub_hides_behind_401_is_reported_as_not_found_with_the_token_hint()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        env.Hub.UnknownRepoAnswers401 = true;
        using var store = env.Store(env.Options with { Token = "hf_some" });

        var error = await Assert.ThrowsAsync<ModelNotFoundException>(() => store.PullAsync(ModelReference.Parse("acme/nothing-here"), null, ct));

        Assert.Equal(ModelNotFoundKind.Repository, error.Kind);
        Assert.Contains("check that the token in HF_TOKEN has access", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task Missing_revision_is_named_in_the_error()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        env.Hub.AddRepo("acme/tiny-GGUF").Add("tiny.gguf", 100, seed: 3);
        using var store = env.Store();

        var error = await Assert.ThrowsAsync<ModelNotFoundException>(() => store.PullAsync(ModelReference.Parse("acme/tiny-GGUF@v9"), null, ct));

        Assert.Equal(ModelNotFoundKind.Revision, error.Kind);
        Assert.Contains("Revision 'v9'", error.Message, StringComparison.Ordinal);
        Assert.Contains("acme/tiny-GGUF", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task Missing_file_is_named_with_the_files_that_exist()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var repo = env.Hub.AddRepo("acme/tiny-GGUF");
        repo.Add("tiny-Q8_0.gguf", 100, seed: 4);
        repo.Add("README.md", 100, seed: 5, lfs: false);
        using var store = env.Store();

        var error = await Assert.ThrowsAsync<ModelNotFoundException>(() => store.PullAsync(ModelReference.Parse("acme/tiny-GGUF:Q2_K"), null, ct));

        Assert.Equal(ModelNotFoundKind.File, error.Kind);
        Assert.Contains("no file matching 'Q2_K'", error.Message, StringComparison.Ordinal);
        Assert.Contains("tiny-Q8_0.gguf", error.Message, StringComparison.Ordinal);
        Assert.Empty(env.Hub.RequestsTo("/acme/"));
    }

    [Fact(Timeout = Timeout)]
    public async Task Listed_file_that_the_hub_then_cannot_serve_is_named_in_the_error()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var file = env.Hub.AddRepo("acme/tiny-GGUF").Add("tiny.gguf", 100, seed: 6);
        file.Vanished = true;
        using var store = env.Store();

        var error = await Assert.ThrowsAsync<ModelNotFoundException>(() => store.PullAsync(ModelReference.Parse("acme/tiny-GGUF"), null, ct));

        Assert.Equal(ModelNotFoundKind.File, error.Kind);
        Assert.Contains("File 'tiny.gguf' was not found in repository 'acme/tiny-GGUF'", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task Unreachable_hub_suggests_checking_the_endpoint_or_going_offline()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var endpoint = env.Hub.Endpoint;
        await env.Hub.DisposeAsync();
        using var store = env.Store(env.Options with { Endpoint = endpoint });

        var error = await Assert.ThrowsAsync<HubUnavailableException>(() => store.PullAsync(ModelReference.Parse("acme/tiny-GGUF"), null, ct));

        Assert.Contains("Could not reach the hub", error.Message, StringComparison.Ordinal);
        Assert.Contains("HF_HUB_OFFLINE=1", error.Message, StringComparison.Ordinal);
        Assert.Equal(503, error.HttpStatus);
        Assert.Equal("hub_unavailable", error.Code);
        Assert.Equal("server_error", error.ErrorType);
    }

    [Fact(Timeout = Timeout)]
    public async Task Listing_that_is_not_json_is_reported()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        env.Hub.AddRepo("acme/tiny-GGUF");
        env.Hub.ListingOverride = "<html>";
        using var store = env.Store();

        var error = await Assert.ThrowsAsync<HubUnavailableException>(() => store.PullAsync(ModelReference.Parse("acme/tiny-GGUF"), null, ct));

        Assert.Contains("not the expected JSON", error.Message, StringComparison.Ordinal);
    }

    [Theory(Timeout = Timeout)]
    [InlineData("{}")]
    [InlineData("null")]
    public async Task Listing_without_a_commit_is_reported(string body)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        env.Hub.AddRepo("acme/tiny-GGUF");
        env.Hub.ListingOverride = body;
        using var store = env.Store();

        var error = await Assert.ThrowsAsync<HubUnavailableException>(() => store.PullAsync(ModelReference.Parse("acme/tiny-GGUF"), null, ct));

        Assert.Contains("no commit hash", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task Listing_without_siblings_means_no_gguf_files()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        env.Hub.AddRepo("acme/tiny-GGUF");
        env.Hub.ListingOverride = """{"sha":"0123456789012345678901234567890123456789"}""";
        using var store = env.Store();

        var error = await Assert.ThrowsAsync<ModelNotFoundException>(() => store.PullAsync(ModelReference.Parse("acme/tiny-GGUF"), null, ct));

        Assert.Contains("no .gguf file; it holds no .gguf files", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task Endless_redirects_are_cut_off()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var file = env.Hub.AddRepo("acme/tiny-GGUF").Add("tiny.gguf", 100, seed: 7);
        file.RedirectLoop = true;
        using var store = env.Store(env.Options with { MaxDownloadAttempts = 1 });

        var error = await Assert.ThrowsAsync<HubUnavailableException>(() => store.PullAsync(ModelReference.Parse("acme/tiny-GGUF"), null, ct));

        Assert.Contains("more than 10 times", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task Other_hub_failures_name_the_status_and_file()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var file = env.Hub.AddRepo("acme/tiny-GGUF").Add("tiny.gguf", 100, seed: 8, lfs: false);
        file.FailStatus = 418;
        file.FailTimes = 10;
        using var store = env.Store(env.Options with { MaxDownloadAttempts = 1 });

        var error = await Assert.ThrowsAsync<HubUnavailableException>(() => store.PullAsync(ModelReference.Parse("acme/tiny-GGUF"), null, ct));

        Assert.Contains("answered 418", error.Message, StringComparison.Ordinal);
        Assert.Contains("file 'tiny.gguf'", error.Message, StringComparison.Ordinal);
    }
}
