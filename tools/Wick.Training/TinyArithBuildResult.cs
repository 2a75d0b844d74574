using Wick.Core.Models;

namespace Wick.Training;

/// <summary>What <see cref="TinyArithBuild.Run"/> produced.</summary>
public sealed record TinyArithBuildResult(
    TrainingResult Training, IReadOnlyList<AccuracyReport> Accuracy, string GgufPath, string ManifestPath, ModelManifest Manifest);
