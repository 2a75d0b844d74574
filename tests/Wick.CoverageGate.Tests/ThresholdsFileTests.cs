using Wick.CoverageGate.Settings;

namespace Wick.CoverageGate.Tests;

public sealed class ThresholdsFileTests : IDisposable
{
    private readonly TempRepo repo = new();

    public void Dispose() => repo.Dispose();

    [Fact]
    public void Load_keeps_module_order_values_and_global_settings()
    {
        var path = repo.Write("t.json", """
            {
              // comments are allowed
              "epsilon": 0.5,
              "sourceRoots": ["lib"],
              "processExitAllowedIn": ["lib/Main.cs"],
              "modules": {
                "Zeta": { "paths": ["lib/Z/**"], "line": 100, "branch": 90, "crashAuditMustBeZero": true },
                "Alpha": { "namespaces": ["Wick.Alpha"], "line": 50, "branch": 40 },
              }
            }
            """);

        var settings = ThresholdsFile.Load(path);

        Assert.Equal(["Zeta", "Alpha"], settings.Modules.Select(m => m.Name));
        var zeta = settings.Modules[0];
        Assert.Equal((100.0, 90.0, true), (zeta.Line, zeta.Branch, zeta.CrashAuditMustBeZero));
        Assert.Equal("lib/Z/**", Assert.Single(zeta.Paths).Pattern);
        var alpha = settings.Modules[1];
        Assert.Equal((50.0, 40.0, false), (alpha.Line, alpha.Branch, alpha.CrashAuditMustBeZero));
        Assert.Equal(["Wick.Alpha"], alpha.Namespaces);
        Assert.Equal(0.5, settings.Epsilon);
        Assert.Equal(["lib"], settings.SourceRoots);
        Assert.Equal(["lib/Main.cs"], settings.ProcessExitAllowedIn);
    }

    [Fact]
    public void Load_defaults_epsilon_source_roots_and_exit_allowance()
    {
        var path = repo.Write("t.json", """{ "modules": { "A": { "paths": ["a/**"] } } }""");

        var settings = ThresholdsFile.Load(path);

        Assert.Equal(GateSettings.DefaultEpsilon, settings.Epsilon);
        Assert.Equal(["src", "tools"], settings.SourceRoots);
        Assert.Equal(["src/Wick.Cli/Program.cs"], settings.ProcessExitAllowedIn);
        Assert.Equal((0.0, 0.0), (settings.Modules[0].Line, settings.Modules[0].Branch));
    }

    [Theory]
    [InlineData("""{ "nomodules": {} }""", "missing \"modules\"")]
    [InlineData("""{ "modules": [] }""", "missing \"modules\"")]
    [InlineData("""{ "modules": { "A": { "line": 10 } } }""", "neither")]
    [InlineData("""{ "modules": { "A": { "paths": ["a"], "line": 101 } } }""", "within 0..100")]
    [InlineData("""{ "modules": { "A": { "paths": ["a"], "branch": -1 } } }""", "within 0..100")]
    [InlineData("""{ "modules": { "A": { "paths": ["a"], "line": "high" } } }""", "unexpected value type")]
    [InlineData("""{ "modules": { """, "invalid JSON")]
    public void Load_rejects_malformed_files_with_a_reason(string json, string reason)
    {
        var path = repo.Write("t.json", json);

        var ex = Assert.Throws<GateInputException>(() => ThresholdsFile.Load(path));

        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_rejects_a_missing_file()
    {
        var ex = Assert.Throws<GateInputException>(() => ThresholdsFile.Load(Path.Combine(repo.Root, "none.json")));

        Assert.Contains("not found", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void First_matching_module_owns_a_file_and_build_outputs_belong_to_none()
    {
        var path = repo.Write("t.json", """
            { "modules": {
                "Config": { "namespaces": ["Wick.Server.Configuration"] },
                "Server": { "paths": ["src/Wick.Server/**"] } } }
            """);
        var settings = ThresholdsFile.Load(path);

        Assert.Equal("Config", settings.ModuleOf("src/Wick.Server/Options.cs", ["Wick.Server.Configuration"])?.Name);
        Assert.Equal("Config", settings.ModuleOf("src/Wick.Server/Options.cs", ["Wick.Server.Configuration.Deep"])?.Name);
        Assert.Equal("Server", settings.ModuleOf("src/Wick.Server/Options.cs", ["Wick.Server.ConfigurationX"])?.Name);
        Assert.Equal("Server", settings.ModuleOf("src/Wick.Server/Api.cs", new List<string>())?.Name);
        Assert.Null(settings.ModuleOf("src/Wick.Server/obj/Release/Gen.cs", []));
        Assert.Null(settings.ModuleOf("src/Wick.Core/A.cs", []));
    }
}
