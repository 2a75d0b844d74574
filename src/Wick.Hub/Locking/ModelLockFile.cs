using System.Text.Encodings.Web;
using System.Text.Json;
using Wick.Hub.Cache;
using Wick.Hub.Download;
using Wick.Hub.Errors;

namespace Wick.Hub.Locking;

/// <summary><c>models.lock.json</c>: the model files a project pins, each with its source, revision, sha256 and size.
/// <c>wick models pull --locked</c> installs exactly these and fails on any difference.</summary>
public sealed record ModelLockFile
{
    public const string DefaultFileName = "models.lock.json";

    private static readonly ModelLockJsonContext Json = new(new JsonSerializerOptions(ModelLockJsonContext.Default.Options)
    {
        // Read by people and diffed in review: keep '+' and the like unescaped (never served as HTML).
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public int Version { get; init; } = 1;

    public IReadOnlyList<ModelLockEntry> Models { get; init; } = [];

    /// <summary>Reads and validates a lock file; anything missing or malformed raises <see cref="ModelLockException"/>
    /// naming the file and the entry.</summary>
    public static ModelLockFile Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new ModelLockException($"Model lock file '{path}' does not exist: create it with `wick models pull owner/repo --file <quant> --save`, or pass --lock-file.");
        }

        ModelLockFile? lockFile;
        try
        {
            lockFile = JsonSerializer.Deserialize(File.ReadAllText(path), Json.ModelLockFile);
        }
        catch (JsonException e)
        {
            throw new ModelLockException($"Model lock file '{path}' is not valid: {e.Message}", e);
        }

        if (lockFile is null)
        {
            throw new ModelLockException($"Model lock file '{path}' is not valid: it is JSON null.");
        }

        foreach (var entry in lockFile.Models)
        {
            Validate(path, entry);
        }

        return lockFile;
    }

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json.ModelLockFile) + "\n");

    /// <summary>This file with <paramref name="entry"/> added, or replacing the entry with the same source and file.</summary>
    public ModelLockFile Upsert(ModelLockEntry entry)
    {
        var models = Models.ToList();
        var at = models.FindIndex(m => m.Source == entry.Source && m.File == entry.File);
        if (at >= 0)
        {
            models[at] = entry;
        }
        else
        {
            models.Add(entry);
        }

        return this with { Models = models };
    }

    private static void Validate(string path, ModelLockEntry entry)
    {
        string? problem = null;
        if (!BlobHash.IsSha256(entry.Sha256))
        {
            problem = "its sha256 is not 64 lower-case hex digits";
        }
        else if (entry.Size < 0)
        {
            problem = "its size is negative";
        }
        else if (entry.Source != ModelLockEntry.RepositorySource && entry.HubRepoId is null)
        {
            problem = $"its source '{entry.Source}' is neither '{ModelLockEntry.RepositorySource}' nor '{ModelLockEntry.HubSourcePrefix}owner/repo'";
        }
        else if (entry.HubRepoId is { } repoId && !ModelReference.IsValidRepoId(repoId))
        {
            problem = $"'{repoId}' is not a valid owner/repo";
        }
        else if (entry.HubRepoId is not null && (entry.Revision is null || !RepoCache.IsCommitHash(entry.Revision)))
        {
            problem = "a hub entry must pin its revision to a 40-hex commit hash";
        }

        if (problem is not null)
        {
            throw new ModelLockException($"Model lock file '{path}': entry '{entry.Name}' is not valid: {problem}.");
        }
    }
}
