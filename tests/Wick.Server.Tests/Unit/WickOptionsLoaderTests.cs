using Wick.Server.Configuration;

namespace Wick.Server.Tests.Unit;

public sealed class WickOptionsLoaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wick-options-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Settings(string json)
    {
        var path = Path.Combine(_folder, "appsettings.json");
        File.WriteAllText(path, json);
        return path;
    }

    private static Dictionary<string, string?> Flags(params (string Key, string? Value)[] values) => values.ToDictionary(v => v.Key, v => v.Value);

    [Fact]
    public void Defaults_apply_when_nothing_is_configured()
    {
        var options = WickOptionsLoader.Load(Flags(), environment: new Dictionary<string, string?>());

        Assert.Equal(new WickOptions().Port, options.Port);
        Assert.Equal("127.0.0.1", options.Host);
        Assert.Null(options.Model);
        Assert.Empty(options.ApiKeys);
    }

    [Fact]
    public void Flags_beat_environment_which_beats_the_settings_file()
    {
        var settings = Settings("""{"Wick":{"Port":1001,"Host":"0.0.0.0","MaxSequences":3,"Threads":2}}""");
        var environment = new Dictionary<string, string?>
        {
            ["WICK_PORT"] = "1002",
            ["WICK_MAXSEQUENCES"] = "4",
            ["WICK_APIKEYS__0"] = "env-key",
            ["OTHER_PORT"] = "9",
        };

        var options = WickOptionsLoader.Load(Flags(("Port", "1003"), ("ContextSize", null)), settings, environment);

        Assert.Equal(1003, options.Port); // flag
        Assert.Equal(4, options.MaxSequences); // environment over file
        Assert.Equal("0.0.0.0", options.Host); // file
        Assert.Equal(2, options.Threads);
        Assert.Equal(["env-key"], options.ApiKeys);
        Assert.Equal(0, options.ContextSize); // a null flag leaves the value alone
    }

    [Fact]
    public void Settings_may_also_be_flat_at_the_root()
    {
        var options = WickOptionsLoader.Load(Flags(), Settings("""{"Port":1234,"CorsOrigins":["https://a.example"],"DrainTimeoutSeconds":7}"""), new Dictionary<string, string?>());

        Assert.Equal(1234, options.Port);
        Assert.Equal(["https://a.example"], options.CorsOrigins);
        Assert.Equal(7, options.DrainTimeoutSeconds);
    }

    [Fact]
    public void Process_environment_variables_are_read_when_no_environment_is_given()
    {
        // The drain deadline: harmless for the other tests that load options from the process environment meanwhile.
        const string variable = "WICK_DRAINTIMEOUTSECONDS";
        Environment.SetEnvironmentVariable(variable, "29");
        try
        {
            Assert.Equal(29, WickOptionsLoader.Load(Flags()).DrainTimeoutSeconds);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void Every_invalid_value_is_listed_at_once()
    {
        var error = Assert.Throws<OptionsValidationException>(() => WickOptionsLoader.Load(
            Flags(("Port", "70000"), ("MaxSequences", "0"), ("Host", ""), ("Model", Path.Combine(_folder, "missing.gguf"))),
            environment: new Dictionary<string, string?>()));

        Assert.Equal(4, error.Errors.Count);
        Assert.Contains(error.Errors, e => e.Contains("Port", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Contains("MaxSequences", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Contains("Host", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Contains("missing.gguf", StringComparison.Ordinal));
        Assert.All(error.Errors, e => Assert.Contains("  - " + e, error.Message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("::1")]
    [InlineData("[::1]")]
    [InlineData("localhost")]
    [InlineData("wick.internal")]
    [InlineData("*")]
    [InlineData("+")]
    public void A_host_kestrel_can_bind_is_accepted(string host) =>
        Assert.Equal(host, WickOptionsLoader.Load(Flags(("Host", host)), environment: new Dictionary<string, string?>()).Host);

    [Fact]
    public void A_missing_host_is_reported_once()
    {
        var error = Assert.Throws<OptionsValidationException>(() => WickOptionsLoader.Validate(new WickOptions { Host = null! }));

        Assert.Contains("Host", Assert.Single(error.Errors), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1")]
    [InlineData("127.0.0.1:8080")]
    [InlineData("not a host")]
    [InlineData("[::1")]
    public void A_host_that_is_not_an_address_or_name_is_reported(string host)
    {
        var error = Assert.Throws<OptionsValidationException>(() => WickOptionsLoader.Load(Flags(("Host", host)), environment: new Dictionary<string, string?>()));

        Assert.Equal($"host '{host}' is not an IP address, a host name, or '*' (every address)", Assert.Single(error.Errors));
    }

    [Fact]
    public void A_value_of_the_wrong_type_is_a_validation_error_not_a_crash()
    {
        var error = Assert.Throws<OptionsValidationException>(() => WickOptionsLoader.Load(Flags(("Port", "eighty")), environment: new Dictionary<string, string?>()));

        var message = Assert.Single(error.Errors);
        Assert.Contains("'eighty'", message, StringComparison.Ordinal);
        Assert.Contains("'Port'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_or_malformed_settings_file_is_reported()
    {
        var missing = Assert.Throws<OptionsValidationException>(() => WickOptionsLoader.Load(Flags(), Path.Combine(_folder, "nope.json")));
        var malformed = Assert.Throws<OptionsValidationException>(() => WickOptionsLoader.Load(Flags(), Settings("{ not json")));

        Assert.Contains("does not exist", Assert.Single(missing.Errors), StringComparison.Ordinal);
        Assert.Contains("could not be read", Assert.Single(malformed.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_file_that_does_not_exist_is_reported_whatever_its_name()
    {
        var error = Assert.Throws<OptionsValidationException>(() => WickOptionsLoader.Load(Flags(("Model", "some-model-name")), environment: new Dictionary<string, string?>()));

        Assert.Equal("model file 'some-model-name' does not exist", Assert.Single(error.Errors));
    }

    [Fact]
    public void An_empty_model_means_the_embedded_one()
    {
        var fromEnvironment = WickOptionsLoader.Load(Flags(), environment: new Dictionary<string, string?> { ["WICK_MODEL"] = "" });
        var fromFlag = WickOptionsLoader.Load(Flags(("Model", " ")), environment: new Dictionary<string, string?>());

        Assert.Null(fromEnvironment.Model);
        Assert.Null(fromFlag.Model);
        WickOptionsLoader.Validate(new WickOptions { Model = string.Empty }); // options built in code are not rewritten
    }

    [Fact]
    public void Null_arguments_are_programming_errors()
    {
        Assert.Throws<ArgumentNullException>(() => WickOptionsLoader.Load(null!));
        Assert.Throws<ArgumentNullException>(() => WickOptionsLoader.Validate(null!));
    }
}
