using Wick.Hub.Download;
using Wick.Hub.Errors;

namespace Wick.Hub;

/// <summary>
/// Turns <c>wick serve --model</c>'s value into a local GGUF path: a path to a <c>.gguf</c> file is used as it is; an
/// <c>owner/repo[:quant][@revision]</c> reference is looked up in the Hugging Face cache first (no network when it is
/// there) and pulled when it is not and downloads are allowed. For a split model the path is shard 1's, with its sibling
/// shards beside it as llama.cpp expects.
/// </summary>
public static class ModelResolver
{
    /// <summary>As <see cref="ResolveAsync(string, bool, HubOptions, IProgress{DownloadProgress}?, CancellationToken)"/>
    /// with options from the environment (<c>HF_ENDPOINT</c>, <c>HF_TOKEN</c>, <c>HF_HOME</c>, <c>HF_HUB_CACHE</c>,
    /// <c>HF_HUB_OFFLINE</c>) and no progress output.</summary>
    public static Task<string> ResolveAsync(string modelReference, bool allowDownload, CancellationToken cancellationToken) =>
        ModelReference.IsLocalPath(modelReference)
            ? Task.FromResult(ResolveLocal(modelReference))
            : ResolveAsync(modelReference, allowDownload, HubOptions.FromEnvironment(), progress: null, cancellationToken);

    /// <summary>The local GGUF path for <paramref name="modelReference"/>. A missing local file raises
    /// <see cref="ModelNotFoundException"/>; a model that is not cached when downloads are off (or
    /// <see cref="HubOptions.Offline"/>) raises <see cref="ModelNotCachedException"/>; hub errors are typed as in
    /// <see cref="ModelStore.PullAsync"/>.</summary>
    public static async Task<string> ResolveAsync(string modelReference, bool allowDownload, HubOptions options, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(modelReference);
        ArgumentNullException.ThrowIfNull(options);
        if (ModelReference.IsLocalPath(modelReference))
        {
            return ResolveLocal(modelReference);
        }

        var model = ModelReference.Parse(modelReference);
        using var store = new ModelStore(options);
        if (store.FindCached(model) is { } cached)
        {
            return cached.PrimaryPath;
        }

        if (!allowDownload && !options.Offline)
        {
            throw new ModelNotCachedException(
                $"Model '{model}' is not in the cache at {options.CacheDirectory}, and downloads are turned off: run `wick models pull {model}` first, or allow downloads.");
        }

        var pulled = await store.PullAsync(model, progress, cancellationToken).ConfigureAwait(false);
        return pulled.PrimaryPath;
    }

    private static string ResolveLocal(string path)
    {
        var full = Path.GetFullPath(path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path[2..])
            : path);
        return File.Exists(full)
            ? full
            : throw new ModelNotFoundException(ModelNotFoundKind.LocalFile, $"Model file '{full}' does not exist.");
    }
}
