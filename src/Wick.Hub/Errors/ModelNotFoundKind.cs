namespace Wick.Hub.Errors;

/// <summary>Which part of a model reference could not be found.</summary>
public enum ModelNotFoundKind
{
    /// <summary>The repository does not exist on the hub (or is private and the token cannot see it).</summary>
    Repository,

    /// <summary>The repository exists but the branch, tag or commit does not.</summary>
    Revision,

    /// <summary>The revision exists but holds no file that matches.</summary>
    File,

    /// <summary>A local <c>.gguf</c> path that does not exist.</summary>
    LocalFile,
}
