using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Wick.Server.Configuration;

/// <summary>
/// Builds <see cref="WickOptions"/> from defaults, <c>appsettings.json</c>, <c>WICK_*</c> environment variables and
/// command-line overrides (later sources win), then validates them so a bad value stops start-up with a clear message.
/// </summary>
public static class WickOptionsLoader
{
    public const string EnvironmentPrefix = "WICK_";

    /// <param name="overrides">Flag values by option name (e.g. <c>Port</c>); null values are ignored.</param>
    /// <param name="settingsFile">An explicit settings file, or null for <c>appsettings.json</c> in the current folder if present.</param>
    public static WickOptions Load(IReadOnlyDictionary<string, string?> overrides, string? settingsFile = null, IDictionary<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        if (settingsFile is not null && !File.Exists(settingsFile))
        {
            throw new OptionsValidationException([$"settings file '{settingsFile}' does not exist"]);
        }

        IConfigurationBuilder builder = new ConfigurationBuilder()
            .AddJsonFile(Path.GetFullPath(settingsFile ?? "appsettings.json"), optional: settingsFile is null, reloadOnChange: false);
        if (environment is null)
        {
            builder.AddEnvironmentVariables(EnvironmentPrefix);
        }
        else
        {
            builder.AddInMemoryCollection(environment
                .Where(e => e.Key.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase))
                .Select(e => KeyValuePair.Create(e.Key[EnvironmentPrefix.Length..].Replace("__", ":", StringComparison.Ordinal), e.Value)));
        }

        builder.AddInMemoryCollection(overrides.Where(o => o.Value is not null));
        var configuration = BuildConfiguration(builder);
        var options = new WickOptions();
        try
        {
            configuration.GetSection("Wick").Bind(options);
            configuration.Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            // The binder's own message names the setting and the value ("... value 'x' at 'Port' to type ...").
            throw new OptionsValidationException([ex.Message]);
        }

        // An empty value (WICK_MODEL= in a container) means no model given, as no value does: serve the embedded one.
        if (string.IsNullOrWhiteSpace(options.Model))
        {
            options.Model = null;
        }

        Validate(options);
        return options;
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> listing every invalid option.</summary>
    public static void Validate(WickOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        var errors = results.Select(r => r.ErrorMessage ?? "invalid value").ToList();
        if (options.Host is { Length: > 0 } host && !IsListenHost(host))
        {
            errors.Add($"host '{host}' is not an IP address, a host name, or '*' (every address)");
        }

        if (options.Model is { Length: > 0 } model && !File.Exists(model))
        {
            errors.Add($"model file '{model}' does not exist");
        }

        if (errors.Count > 0)
        {
            throw new OptionsValidationException(errors);
        }
    }

    /// <summary>What Kestrel can bind: an IP address (IPv6 with or without brackets), a DNS name, or its wildcards.</summary>
    private static bool IsListenHost(string host) =>
        host is "*" or "+" || Uri.CheckHostName(host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host) != UriHostNameType.Unknown;

    private static IConfigurationRoot BuildConfiguration(IConfigurationBuilder builder)
    {
        try
        {
            return builder.Build();
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or IOException)
        {
            throw new OptionsValidationException([$"settings could not be read: {ex.Message}"]);
        }
    }
}
