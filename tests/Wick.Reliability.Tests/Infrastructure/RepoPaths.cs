using System.Reflection;
using Wick.Core.Models;

namespace Wick.Reliability.Tests.Infrastructure;

/// <summary>Where things are in the repository the tests were built from.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = RepositoryFiles.FindRoot(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException($"No repository root above '{AppContext.BaseDirectory}'.");

    /// <summary>The build configuration of this test assembly (Release in CI); the CLI was built with the same one.</summary>
    public static string Configuration { get; } = typeof(RepoPaths).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .FirstOrDefault(a => a.Key == "WickConfiguration")?.Value ?? "Release";

    /// <summary><c>src/Wick.Cli/bin/{Configuration}/net10.0/wick.dll</c>, built through this project's reference.</summary>
    public static string WickCli => Path.Combine(Root, "src", "Wick.Cli", "bin", Configuration, "net10.0", "wick.dll");

    public static string TinyModel => ShippedModels.TinyArith.GgufPath;

    public static string Artifacts => Path.Combine(Root, "artifacts", "reliability");
}
