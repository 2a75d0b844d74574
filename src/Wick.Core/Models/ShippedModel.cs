namespace Wick.Core.Models;

/// <summary>A model that ships with the repository, located and verified against its manifest.</summary>
public sealed record ShippedModel(string GgufPath, string ManifestPath, ModelManifest Manifest);
