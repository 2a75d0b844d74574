using Wick.Hub.Errors;
using Wick.Hub.Http;
using Wick.Hub.Tests.Support;

namespace Wick.Hub.Tests;

public sealed class HubProtocolTests
{
    private const int Timeout = 60_000;

    [Fact(Timeout = Timeout)]
    public async Task File_kept_in_git_is_named_and_verified_by_its_git_blob_sha1()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var file = env.Hub.AddRepo("acme/tiny-GGUF").Add("tiny.gguf", 4000, seed: 1, lfs: false);
        using var store = env.Store();

        var result = await store.PullAsync(ModelReference.Parse("acme/tiny-GGUF"), null, ct);

        Assert.Equal(file.GitSha1, Path.GetFileName(Assert.Single(result.Files).BlobPath));
        Assert.Equal(file.Content, await File.ReadAllBytesAsync(result.PrimaryPath, ct));
    }

    [Fact(Timeout = Timeout)]
    public async Task Corrupt_git_file_is_rejected_naming_the_git_sha1()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var file = env.Hub.AddRepo("acme/tiny-GGUF").Add("tiny.gguf", 4000, seed: 2, lfs: false);
        file.Corrupt = true;
        using var store = env.Store();

        var error = await Assert.ThrowsAsync<ModelIntegrityMismatchException>(() => store.PullAsync(ModelReference.Parse("acme/tiny-GGUF"), null, ct));

        Assert.Contains("git sha1", error.Message, StringComparison.Ordinal);
    }

    [Theory(Timeout = Timeout)]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Listing_without_metadata_is_completed_from_the_resolve_headers(bool lfs)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var file = env.Hub.AddRepo("acme/tiny-GGUF").Add("tiny.gguf", 4000, seed: 3, lfs);
        file.OmitMetadata = true;
        using var store = env.Store();

        var result = await store.PullAsync(ModelReference.Parse("acme/tiny-GGUF"), null, ct);

        Assert.Equal("HEAD", env.Hub.RequestsTo("/acme/")[0].Method);
        Assert.Equal(file.Etag, Assert.Single(result.Files).Etag);
        Assert.Equal(file.Content, await File.ReadAllBytesAsync(result.PrimaryPath, ct));
    }

    [Fact(Timeout = Timeout)]
    public async Task Hub_that_publishes_no_etag_cannot_be_verified_and_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var file = env.Hub.AddRepo("acme/tiny-GGUF").Add("tiny.gguf", 4000, seed: 4);
        file.OmitMetadata = true;
        file.OmitEtagHeaders = true;
        using var store = env.Store();

        var error = await Assert.ThrowsAsync<ModelIntegrityMismatchException>(() => store.PullAsync(ModelReference.Parse("acme/tiny-GGUF"), null, ct));

        Assert.Contains("published no ETag or size", error.Message, StringComparison.Ordinal);
        Assert.Empty(env.Hub.RequestsTo("/cdn/"));
    }

    [Fact(Timeout = Timeout)]
    public async Task Head_that_fails_is_reported_like_any_hub_error()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var file = env.Hub.AddRepo("acme/tiny-GGUF").Add("tiny.gguf", 4000, seed: 5);
        file.OmitMetadata = true;
        file.Vanished = true;
        using var store = env.Store();

        var error = await Assert.ThrowsAsync<ModelNotFoundException>(() => store.PullAsync(ModelReference.Parse("acme/tiny-GGUF"), null, ct));

        Assert.Equal(ModelNotFoundKind.File, error.Kind);
    }

    [Fact(Timeout = Timeout)]
    public async Task Etag_that_is_no_hash_is_refused_before_downloading()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var file = env.Hub.AddRepo("acme/tiny-GGUF").Add("tiny.gguf", 4000, seed: 6);
        file.EtagOverride = "not-a-hash";
        using var store = env.Store();

        var error = await Assert.ThrowsAsync<ModelIntegrityMismatchException>(() => store.PullAsync(ModelReference.Parse("acme/tiny-GGUF"), null, ct));

        Assert.Contains("neither a sha256 nor a git sha1", error.Message, StringComparison.Ordinal);
        Assert.Empty(env.Hub.RequestsTo("/cdn/"));
    }

    [Theory]
    [InlineData("\"abc\"", "abc")]
    [InlineData("W/\"ABC\"", "abc")]
    [InlineData("abc", "abc")]
    [InlineData(null, null)]
    public void Etag_headers_are_normalized_to_bare_lower_case_hex(string? header, string? expected) =>
        Assert.Equal(expected, HubClient.NormalizeEtag(header));

    [Theory]
    [InlineData("https://huggingface.co/a", "https://huggingface.co/b/c", true)]
    [InlineData("https://huggingface.co/a", "https://cdn-lfs.huggingface.co/a", false)]
    [InlineData("https://huggingface.co/a", "http://huggingface.co/a", false)]
    [InlineData("http://127.0.0.1:5000/a", "http://127.0.0.1:5001/a", false)]
    public void Token_goes_only_to_the_hub_origin(string a, string b, bool same) =>
        Assert.Equal(same, HubClient.IsSameOrigin(new Uri(a), new Uri(b)));
}
