using System.Text.RegularExpressions;
using Wick.Hub.Errors;

namespace Wick.Hub;

/// <summary>
/// A model on the hub: <c>owner/repo</c>, an optional file selector after <c>:</c> (a quantization tag such as
/// <c>Q4_K_M</c>, a glob, or a path in the repository) and an optional revision after <c>@</c> (branch, tag or commit).
/// </summary>
public sealed partial record ModelReference(string RepoId, string? Selector, string? Revision)
{
    /// <summary>The branch used when no revision is given.</summary>
    public const string DefaultRevision = "main";

    /// <summary>The revision to ask for: <see cref="Revision"/> or <c>main</c>.</summary>
    public string EffectiveRevision => Revision ?? DefaultRevision;

    /// <summary>Parses <c>owner/repo[:selector][@revision]</c>; anything else raises <see cref="InvalidModelReferenceException"/>.</summary>
    public static ModelReference Parse(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var match = ReferencePattern().Match(reference.Trim());
        if (!match.Success || !IsValidRepoId(match.Groups["repo"].Value))
        {
            throw new InvalidModelReferenceException(
                $"'{reference}' is not a model reference: use owner/repo[:quant or file][@revision] for a Hugging Face model (e.g. Qwen/Qwen2-0.5B-Instruct-GGUF:Q4_K_M), or a path to a .gguf file.");
        }

        return new ModelReference(
            match.Groups["repo"].Value,
            match.Groups["selector"].Success ? match.Groups["selector"].Value : null,
            match.Groups["revision"].Success ? match.Groups["revision"].Value : null);
    }

    /// <summary>True when <paramref name="reference"/> names a local file rather than a hub model: an existing file, a
    /// rooted or ./ ../ ~/ path, or a name ending in <c>.gguf</c> without a <c>:</c> selector.</summary>
    public static bool IsLocalPath(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return File.Exists(reference)
            || Path.IsPathRooted(reference)
            || reference.StartsWith("./", StringComparison.Ordinal)
            || reference.StartsWith("../", StringComparison.Ordinal)
            || reference.StartsWith(".\\", StringComparison.Ordinal)
            || reference.StartsWith("..\\", StringComparison.Ordinal)
            || reference.StartsWith("~/", StringComparison.Ordinal)
            || (reference.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase) && !reference.Contains(':', StringComparison.Ordinal));
    }

    /// <summary>Hub repository names: letters, digits, <c>-_.</c>; no <c>--</c> or <c>..</c> (the cache folder name joins
    /// owner and name with <c>--</c>), not starting or ending with <c>-</c> or <c>.</c>.</summary>
    public static bool IsValidRepoId(string repoId) =>
        RepoIdPattern().IsMatch(repoId)
        && !repoId.Contains("--", StringComparison.Ordinal)
        && !repoId.Contains("..", StringComparison.Ordinal)
        && repoId.Split('/').All(part => part[^1] is not ('-' or '.'));

    public override string ToString() =>
        RepoId + (Selector is null ? string.Empty : ":" + Selector) + (Revision is null ? string.Empty : "@" + Revision);

    [GeneratedRegex(@"^(?<repo>[^/:@\s]+/[^/:@\s]+)(?::(?<selector>[^@]+))?(?:@(?<revision>\S+))?$")]
    private static partial Regex ReferencePattern();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,95}/[A-Za-z0-9][A-Za-z0-9._-]{0,95}$")]
    private static partial Regex RepoIdPattern();
}
