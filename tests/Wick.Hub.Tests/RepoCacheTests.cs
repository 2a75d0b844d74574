using Wick.Hub.Cache;

namespace Wick.Hub.Tests;

public sealed class RepoCacheTests : IDisposable
{
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";
    private readonly string root = Directory.CreateTempSubdirectory("wick-repocache-").FullName;
    private readonly RepoCache cache;

    public RepoCacheTests()
    {
        cache = new RepoCache(root, "acme/m");
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Folders_follow_the_hugging_face_naming()
    {
        Assert.Equal(Path.Combine(root, "models--acme--m"), cache.Root);
        Assert.Equal(Path.Combine(root, ".locks", "models--acme--m", "e.lock"), cache.LockPath("e"));
        Assert.Equal(Path.Combine(cache.Root, "blobs", "e.incomplete"), cache.IncompletePath("e"));
        Assert.Equal(Path.Combine(cache.Root, "snapshots", Commit, "a", "b.gguf"), cache.SnapshotPath(Commit, "a/b.gguf"));
        Assert.Equal("acme/m", RepoCache.RepoIdFromFolder("models--acme--m"));
        Assert.Null(RepoCache.RepoIdFromFolder("models--odd"));
    }

    [Fact]
    public void Empty_cache_has_no_refs_commits_or_entries()
    {
        Assert.Empty(cache.ReadRefs());
        Assert.Empty(cache.ListCommits());
        Assert.Empty(cache.ListSnapshotEntries(Commit));
        Assert.Null(cache.FindCommit("main"));
    }

    [Fact]
    public void Commit_hash_revisions_need_no_ref_and_write_none()
    {
        cache.WriteRef(Commit, Commit);

        Assert.Equal(Commit, cache.FindCommit(Commit));
        Assert.False(Directory.Exists(Path.Combine(cache.Root, "refs")));
    }

    [Fact]
    public void Refs_round_trip_including_nested_names_and_ignore_empty_files()
    {
        cache.WriteRef("main", Commit);
        cache.WriteRef("refs/pr/1", Commit);
        File.WriteAllText(Path.Combine(cache.Root, "refs", "empty"), "  ");

        Assert.Equal(Commit, cache.FindCommit("refs/pr/1"));
        Assert.Null(cache.FindCommit("empty"));
        Assert.Equal(Commit, File.ReadAllText(Path.Combine(cache.Root, "refs", "main")));
        Assert.Equal([("empty", string.Empty), ("main", Commit), ("refs/pr/1", Commit)], cache.ReadRefs());
    }

    [Fact]
    public void Deleting_refs_to_a_commit_keeps_the_others()
    {
        cache.WriteRef("main", Commit);
        cache.WriteRef("dev", new string('f', 40));

        cache.DeleteRefsTo(Commit);

        Assert.Equal(["dev"], cache.ReadRefs().Select(r => r.Name));
    }

    [Fact]
    public void Linking_is_idempotent_and_replaces_a_link_to_another_blob_or_a_plain_file()
    {
        Directory.CreateDirectory(cache.BlobsDirectory);
        File.WriteAllText(cache.BlobPath("one"), "1");
        File.WriteAllText(cache.BlobPath("two"), "22");

        var link = cache.LinkSnapshot(Commit, "d/m.gguf", "one");
        cache.LinkSnapshot(Commit, "d/m.gguf", "one");
        Assert.Equal(Path.Combine("..", "..", "..", "blobs", "one"), new FileInfo(link).LinkTarget);
        cache.LinkSnapshot(Commit, "d/m.gguf", "two");
        Assert.Equal("22", File.ReadAllText(link));
        File.Delete(link);
        File.WriteAllText(link, "plain");
        cache.LinkSnapshot(Commit, "d/m.gguf", "one");

        Assert.Equal("1", File.ReadAllText(link));
        Assert.Equal(Path.GetFullPath(cache.BlobPath("one")), cache.ResolveEntry(Commit, "d/m.gguf"));
    }

    [Fact(Timeout = 60_000)]
    public async Task Racing_links_of_the_same_file_all_succeed_and_leave_one_link_to_the_intact_blob()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(cache.BlobPath("one"))!);
        File.WriteAllText(cache.BlobPath("one"), "1");
        File.WriteAllText(cache.BlobPath("two"), "22");

        // Two pulls that finish together link the same snapshot entry at once; some racers also re-point it.
        using var start = new Barrier(8);
        var racers = Enumerable.Range(0, 8).Select(r => Task.Run(
            () =>
            {
                start.SignalAndWait(TestContext.Current.CancellationToken);
                for (var i = 0; i < 50; i++)
                {
                    cache.LinkSnapshot(Commit, "d/m.gguf", (r + i) % 4 == 0 ? "two" : "one");
                }
            },
            TestContext.Current.CancellationToken));
        await Task.WhenAll(racers);
        var link = cache.LinkSnapshot(Commit, "d/m.gguf", "one");

        Assert.Equal("1", File.ReadAllText(link));
        Assert.Equal("1", File.ReadAllText(cache.BlobPath("one")));
        Assert.Equal("22", File.ReadAllText(cache.BlobPath("two")));
        Assert.Equal([link], Directory.GetFileSystemEntries(Path.GetDirectoryName(link)!));
    }

    [Fact]
    public void Plain_snapshot_files_count_as_content_and_resolve_to_themselves()
    {
        var plain = cache.SnapshotPath(Commit, "m.gguf");
        Directory.CreateDirectory(Path.GetDirectoryName(plain)!);
        File.WriteAllText(plain, "copy");
        File.CreateSymbolicLink(cache.SnapshotPath(Commit, "dangling.gguf"), "../../blobs/gone");

        Assert.Equal(["dangling.gguf", "m.gguf"], cache.ListSnapshotEntries(Commit));
        Assert.Equal(["m.gguf"], cache.ListSnapshotFiles(Commit));
        Assert.Equal(plain, cache.ResolveEntry(Commit, "m.gguf"));
        Assert.False(RepoCache.HasContent(cache.SnapshotPath(Commit, "absent.gguf")));
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef01234567", true)]
    [InlineData("0123456789ABCDEF0123456789abcdef01234567", false)]
    [InlineData("main", false)]
    public void Commit_hashes_are_40_lower_case_hex_digits(string revision, bool isCommit) =>
        Assert.Equal(isCommit, RepoCache.IsCommitHash(revision));
}
