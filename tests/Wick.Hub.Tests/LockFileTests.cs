using Wick.Core.Models;
using Wick.Hub.Errors;
using Wick.Hub.Locking;
using Wick.Hub.Tests.Support;

namespace Wick.Hub.Tests;

public sealed class LockFileTests
{
    private const int Timeout = 60_000;

    private static string RepositoryLockFile()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, ModelLockFile.DefaultFileName);
            if (File.Exists(candidate) && Directory.Exists(Path.Combine(dir.FullName, "models")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("models.lock.json not found above the test folder.");
    }

    [Fact]
    public void Repository_lock_declares_the_tiny_model_and_the_file_matches_it()
    {
        var lockPath = RepositoryLockFile();
        var root = Path.GetDirectoryName(lockPath)!;

        var path = LockedModels.RepositoryFile(lockPath, "tiny-arith");

        var entry = Assert.Single(ModelLockFile.Load(lockPath).Models, m => m.Name == "tiny-arith");
        var manifest = ModelManifest.Load(Path.Combine(root, "models", "tiny-arith", "manifest.json"));
        Assert.Equal(ModelLockEntry.RepositorySource, entry.Source);
        Assert.Equal(Path.Combine(root, "models", "tiny-arith", manifest.File), path);
        Assert.Equal(manifest.Sha256, entry.Sha256);
        Assert.Equal(manifest.SizeBytes, entry.Size);
        Assert.Equal(ModelIntegrity.ComputeSha256(path), entry.Sha256);
    }

    [Fact(Timeout = Timeout)]
    public async Task Pulled_files_pin_into_a_lock_that_installs_them_again_exactly()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var repo = env.Hub.AddRepo("acme/tiny-GGUF");
        var file = repo.Add("tiny-Q4_K_M.gguf", 3000, seed: 1);
        using var store = env.Store();
        var pulled = await store.PullAsync(ModelReference.Parse("acme/tiny-GGUF:Q4_K_M"), null, ct);
        var lockPath = Path.Combine(env.Root, ModelLockFile.DefaultFileName);
        ModelStore.ToLockEntries(pulled).Aggregate(new ModelLockFile(), (l, e) => l.Upsert(e)).Save(lockPath);
        store.Remove(ModelReference.Parse("acme/tiny-GGUF"));

        var entry = Assert.Single(ModelLockFile.Load(lockPath).Models);
        var installed = await store.InstallLockedAsync(entry, env.Root, null, ct);

        Assert.Equal(new ModelLockEntry { Name = "tiny-Q4_K_M", Source = "hf:acme/tiny-GGUF", Revision = repo.Commit, File = file.Path, Sha256 = file.Sha256, Size = 3000 }, entry);
        Assert.True(installed.Downloaded);
        Assert.Equal(file.Content, await File.ReadAllBytesAsync(installed.LocalPath, ct));
    }

    [Fact(Timeout = Timeout)]
    public async Task Locked_install_of_a_cached_file_needs_no_network()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var repo = env.Hub.AddRepo("acme/tiny-GGUF");
        repo.Add("tiny.gguf", 3000, seed: 2);
        using var store = env.Store();
        var entry = ModelStore.ToLockEntries(await store.PullAsync(ModelReference.Parse("acme/tiny-GGUF"), null, ct))[0];
        var before = env.Hub.Requests.Count;
        using var offline = env.Store(env.Options with { Offline = true });

        var installed = await offline.InstallLockedAsync(entry, env.Root, null, ct);

        Assert.False(installed.Downloaded);
        Assert.Equal(before, env.Hub.Requests.Count);
    }

    [Fact(Timeout = Timeout)]
    public async Task Locked_install_offline_without_the_file_fails()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        using var offline = env.Store(env.Options with { Offline = true });
        var entry = new ModelLockEntry { Name = "x", Source = "hf:acme/x", Revision = new string('a', 40), File = "x.gguf", Sha256 = new string('b', 64), Size = 1 };

        var error = await Assert.ThrowsAsync<ModelNotCachedException>(() => offline.InstallLockedAsync(entry, env.Root, null, ct));

        Assert.Contains("HF_HUB_OFFLINE", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task Locked_install_fails_on_a_sha_the_hub_does_not_publish_and_downloads_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var repo = env.Hub.AddRepo("acme/tiny-GGUF");
        var file = repo.Add("tiny.gguf", 3000, seed: 3);
        using var store = env.Store();
        var pinned = new string('c', 64);
        var entry = new ModelLockEntry { Name = "tiny", Source = "hf:acme/tiny-GGUF", Revision = repo.Commit, File = "tiny.gguf", Sha256 = pinned, Size = 3000 };

        var error = await Assert.ThrowsAsync<ModelLockException>(() => store.InstallLockedAsync(entry, env.Root, null, ct));

        Assert.Contains(pinned, error.Message, StringComparison.Ordinal);
        Assert.Contains(file.Sha256, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, file.ByteGets);
        Assert.False(Directory.Exists(Path.Combine(env.RepoFolder("acme/tiny-GGUF"), "blobs")));
        Assert.Equal(400, error.HttpStatus);
        Assert.Equal("model_lock_mismatch", error.Code);
        Assert.Equal("invalid_request_error", error.ErrorType);
    }

    [Fact(Timeout = Timeout)]
    public async Task Locked_install_fails_on_a_size_difference()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var repo = env.Hub.AddRepo("acme/tiny-GGUF");
        var file = repo.Add("tiny.gguf", 3000, seed: 4);
        using var store = env.Store();
        var entry = new ModelLockEntry { Name = "tiny", Source = "hf:acme/tiny-GGUF", Revision = repo.Commit, File = "tiny.gguf", Sha256 = file.Sha256, Size = 2999 };

        var error = await Assert.ThrowsAsync<ModelLockException>(() => store.InstallLockedAsync(entry, env.Root, null, ct));

        Assert.Contains("(2999 bytes)", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task Locked_install_fails_when_the_pinned_file_is_gone_from_the_commit()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var repo = env.Hub.AddRepo("acme/tiny-GGUF");
        using var store = env.Store();
        var entry = new ModelLockEntry { Name = "tiny", Source = "hf:acme/tiny-GGUF", Revision = repo.Commit, File = "gone.gguf", Sha256 = new string('d', 64), Size = 1 };

        var error = await Assert.ThrowsAsync<ModelLockException>(() => store.InstallLockedAsync(entry, env.Root, null, ct));

        Assert.Contains("no such file", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task Locked_hub_entry_without_a_revision_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        using var store = env.Store();
        var entry = new ModelLockEntry { Name = "tiny", Source = "hf:acme/tiny-GGUF", File = "t.gguf", Sha256 = new string('d', 64), Size = 1 };

        var error = await Assert.ThrowsAsync<ModelLockException>(() => store.InstallLockedAsync(entry, env.Root, null, ct));

        Assert.Contains("pins no revision", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task Locked_repository_file_is_checked_in_place()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await HubTestEnvironment.StartAsync();
        var content = "tiny model"u8.ToArray();
        await File.WriteAllBytesAsync(Path.Combine(env.Root, "m.gguf"), content, ct);
        using var store = env.Store();
        var entry = new ModelLockEntry { Name = "m", Source = "repo", File = "m.gguf", Sha256 = Sha.Of(content), Size = content.Length };

        var installed = await store.InstallLockedAsync(entry, env.Root, null, ct);

        Assert.Equal(Path.Combine(env.Root, "m.gguf"), installed.LocalPath);
        Assert.Empty(env.Hub.Requests);
    }

    [Fact]
    public void Repository_file_with_other_content_fails_naming_both_hashes()
    {
        var folder = Directory.CreateTempSubdirectory().FullName;
        try
        {
            File.WriteAllBytes(Path.Combine(folder, "m.gguf"), [1, 2, 3]);
            var wrong = new string('e', 64);

            var sameSize = Assert.Throws<ModelLockException>(() => LockedModels.VerifyRepositoryFile(new ModelLockEntry { Name = "m", Source = "repo", File = "m.gguf", Sha256 = wrong, Size = 3 }, folder));
            var otherSize = Assert.Throws<ModelLockException>(() => LockedModels.VerifyRepositoryFile(new ModelLockEntry { Name = "m", Source = "repo", File = "m.gguf", Sha256 = wrong, Size = 4 }, folder));
            var missing = Assert.Throws<ModelLockException>(() => LockedModels.VerifyRepositoryFile(new ModelLockEntry { Name = "m", Source = "repo", File = "n.gguf", Sha256 = wrong, Size = 4 }, folder));

            Assert.Contains(wrong, sameSize.Message, StringComparison.Ordinal);
            Assert.Contains("the file has sha256 " + Sha.Of([1, 2, 3]), sameSize.Message, StringComparison.Ordinal);
            Assert.Contains("the file has 3 bytes", otherSize.Message, StringComparison.Ordinal);
            Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Repository_file_that_the_lock_does_not_declare_is_named()
    {
        var error = Assert.Throws<ModelLockException>(() => LockedModels.RepositoryFile(RepositoryLockFile(), "no-such-model"));

        Assert.Contains("no repository model named 'no-such-model'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"models":[{"name":"a","source":"repo","file":"a","sha256":"abc","size":1}]}""", "sha256 is not 64")]
    [InlineData("""{"models":[{"name":"a","source":"repo","file":"a","sha256":"SHA","size":-1}]}""", "sha256 is not 64")]
    [InlineData("""{"models":[{"name":"a","source":"repo","file":"a","sha256":"@SHA@","size":-1}]}""", "size is negative")]
    [InlineData("""{"models":[{"name":"a","source":"web","file":"a","sha256":"@SHA@","size":1}]}""", "source 'web' is neither")]
    [InlineData("""{"models":[{"name":"a","source":"hf:a--b/c","file":"a","sha256":"@SHA@","size":1}]}""", "'a--b/c' is not a valid owner/repo")]
    [InlineData("""{"models":[{"name":"a","source":"hf:a/b","file":"a","sha256":"@SHA@","size":1}]}""", "pin its revision")]
    [InlineData("""{"models":[{"name":"a","source":"hf:a/b","revision":"main","file":"a","sha256":"@SHA@","size":1}]}""", "pin its revision")]
    [InlineData("""{"models":[{"name":"a"}]}""", "is not valid")]
    [InlineData("""[1""", "is not valid")]
    [InlineData("""null""", "JSON null")]
    public void Invalid_lock_files_are_rejected_with_the_reason(string json, string reason)
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, json.Replace("@SHA@", new string('a', 64), StringComparison.Ordinal));

            var error = Assert.Throws<ModelLockException>(() => ModelLockFile.Load(path));

            Assert.Contains(reason, error.Message, StringComparison.Ordinal);
            Assert.Contains(path, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Missing_lock_file_says_how_to_make_one()
    {
        var error = Assert.Throws<ModelLockException>(() => ModelLockFile.Load(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"))));

        Assert.Contains("--save", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Upsert_replaces_the_entry_for_the_same_file_and_saves_readable_json()
    {
        var sha = new string('a', 64);
        var first = new ModelLockEntry { Name = "a", Source = "hf:o/r", Revision = new string('1', 40), File = "a+b.gguf", Sha256 = sha, Size = 1 };
        var second = first with { Revision = new string('2', 40), Size = 2 };
        var other = first with { File = "c.gguf" };
        var path = Path.GetTempFileName();
        try
        {
            new ModelLockFile().Upsert(first).Upsert(other).Upsert(second).Save(path);

            var loaded = ModelLockFile.Load(path);
            Assert.Equal([second, other], loaded.Models);
            Assert.Contains("\"a+b.gguf\"", File.ReadAllText(path), StringComparison.Ordinal);
            Assert.DoesNotContain("hubRepoId", File.ReadAllText(path), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("hf:o/r", "o/r")]
    [InlineData("repo", null)]
    public void Hub_repo_is_read_from_the_source(string source, string? repoId) =>
        Assert.Equal(repoId, new ModelLockEntry { Name = "a", Source = source, File = "f", Sha256 = "s" }.HubRepoId);
}
