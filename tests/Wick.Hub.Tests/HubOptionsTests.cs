using Wick.Hub.Errors;

namespace Wick.Hub.Tests;

public sealed class HubOptionsTests
{
    private static HubOptions From(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
        map.TryAdd("HOME", "/home/u");
        return HubOptions.FromEnvironment(name => map.GetValueOrDefault(name));
    }

    [Fact]
    public void Defaults_follow_huggingface_hub()
    {
        var options = From();

        Assert.Equal(new Uri("https://huggingface.co"), options.Endpoint);
        Assert.Equal(Path.Combine("/home/u", ".cache", "huggingface", "hub"), options.CacheDirectory);
        Assert.Null(options.Token);
        Assert.False(options.Offline);
    }

    [Fact]
    public void HF_HOME_moves_the_cache_and_the_token_file()
    {
        var home = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(home);
        File.WriteAllText(Path.Combine(home, "token"), "hf_from_file\n");
        try
        {
            var options = From(("HF_HOME", home));

            Assert.Equal(Path.Combine(home, "hub"), options.CacheDirectory);
            Assert.Equal("hf_from_file", options.Token);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    [Fact]
    public void Token_file_that_is_empty_means_no_token()
    {
        var path = Path.GetTempFileName();
        try
        {
            Assert.Null(From(("HF_TOKEN_PATH", path)).Token);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void HF_TOKEN_wins_over_the_legacy_variable_and_the_file() =>
        Assert.Equal("hf_a", From(("HF_TOKEN", "hf_a"), ("HUGGING_FACE_HUB_TOKEN", "hf_b")).Token);

    [Fact]
    public void Legacy_token_variable_is_read() =>
        Assert.Equal("hf_b", From(("HUGGING_FACE_HUB_TOKEN", "hf_b")).Token);

    [Fact]
    public void HF_HUB_CACHE_wins_over_HF_HOME_and_the_legacy_variable() =>
        Assert.Equal("/c/hub", From(("HF_HUB_CACHE", "/c/hub"), ("HUGGINGFACE_HUB_CACHE", "/d"), ("HF_HOME", "/e")).CacheDirectory);

    [Fact]
    public void Legacy_cache_variable_is_read() =>
        Assert.Equal("/d", From(("HUGGINGFACE_HUB_CACHE", "/d")).CacheDirectory);

    [Fact]
    public void XDG_CACHE_HOME_moves_the_default_home() =>
        Assert.Equal(Path.Combine("/x", "huggingface", "hub"), From(("XDG_CACHE_HOME", "/x")).CacheDirectory);

    [Fact]
    public void Tilde_paths_are_expanded() =>
        Assert.Equal(Path.Combine("/home/u", "hf", "hub"), From(("HF_HOME", "~/hf")).CacheDirectory);

    [Fact]
    public void Bare_tilde_is_the_home_folder() =>
        Assert.Equal(Path.Combine("/home/u", "hub"), From(("HF_HOME", "~")).CacheDirectory);

    [Fact]
    public void HF_ENDPOINT_is_used_without_a_trailing_slash() =>
        Assert.Equal("https://mirror.example/hf", From(("HF_ENDPOINT", "https://mirror.example/hf/")).Endpoint.AbsoluteUri);

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://mirror.example")]
    public void HF_ENDPOINT_that_is_no_http_url_is_rejected_by_name(string value)
    {
        var error = Assert.Throws<HubUnavailableException>(() => From(("HF_ENDPOINT", value)));

        Assert.Contains("HF_ENDPOINT", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("true", true)]
    [InlineData("ON", true)]
    [InlineData("yes", true)]
    [InlineData("0", false)]
    [InlineData("", false)]
    public void HF_HUB_OFFLINE_accepts_the_usual_true_values(string value, bool offline) =>
        Assert.Equal(offline, From(("HF_HUB_OFFLINE", value)).Offline);

    [Fact]
    public void Process_environment_can_be_read() =>
        Assert.False(string.IsNullOrEmpty(HubOptions.FromEnvironment().CacheDirectory));

    [Fact]
    public void Missing_HOME_falls_back_to_the_user_profile() =>
        Assert.EndsWith(Path.Combine("huggingface", "hub"), HubOptions.FromEnvironment(_ => null).CacheDirectory, StringComparison.Ordinal);
}
