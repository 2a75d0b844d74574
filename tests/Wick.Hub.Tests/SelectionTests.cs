using Wick.Hub.Errors;
using Wick.Hub.Files;

namespace Wick.Hub.Tests;

public sealed class SelectionTests
{
    private static readonly string[] Quants =
    [
        "README.md",
        "model-Q4_K_M.gguf",
        "model-Q4_K_S.gguf",
        "model-Q8_0.gguf",
        "model-IQ4_XS.gguf",
    ];

    private static IReadOnlyList<ModelFileGroup> Select(string? selector, bool allowMany = false, params string[] paths) =>
        ModelFileSelector.Select("acme/m-GGUF", "main", paths.Length == 0 ? Quants : paths, selector, allowMany);

    [Fact]
    public void Quant_tag_picks_the_file_that_carries_it() =>
        Assert.Equal(["model-Q4_K_M.gguf"], Assert.Single(Select("Q4_K_M")).Paths);

    [Fact]
    public void Quant_tag_ignores_case() =>
        Assert.Equal("model-Q8_0.gguf", Assert.Single(Select("q8_0")).PrimaryPath);

    [Fact]
    public void Quant_tag_that_matches_several_files_is_an_error_listing_the_candidates()
    {
        var error = Assert.Throws<ModelSelectionException>(() => Select("Q4_K"));

        Assert.Equal(["model-Q4_K_M.gguf", "model-Q4_K_S.gguf"], error.Candidates);
        Assert.Contains("model-Q4_K_M.gguf, model-Q4_K_S.gguf", error.Message, StringComparison.Ordinal);
        Assert.Contains("--file", error.Message, StringComparison.Ordinal);
        Assert.Equal(400, error.HttpStatus);
        Assert.Equal("model", error.Param);
        Assert.Equal("ambiguous_model_file", error.Code);
        Assert.Equal("invalid_request_error", error.ErrorType);
    }

    [Fact]
    public void Whole_word_match_wins_over_a_longer_tag_that_contains_it() =>
        Assert.Equal("x-Q4_K.gguf", Assert.Single(Select("Q4_K", false, "x-Q4_K.gguf", "x-Q4_K_M.gguf")).PrimaryPath);

    [Fact]
    public void No_selector_picks_the_only_gguf_model() =>
        Assert.Equal("only.gguf", Assert.Single(Select(null, false, "only.gguf", "config.json")).PrimaryPath);

    [Fact]
    public void No_selector_with_several_models_lists_them_all()
    {
        var error = Assert.Throws<ModelSelectionException>(() => Select(null));

        Assert.Equal(4, error.Candidates.Count);
        Assert.Contains("has several GGUF models", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Glob_may_pick_several_models_when_allowed() =>
        Assert.Equal(["model-Q4_K_M.gguf", "model-Q4_K_S.gguf"], Select("*Q4_K_?.gguf", allowMany: true).Select(g => g.PrimaryPath));

    [Fact]
    public void Glob_may_pick_files_that_are_not_gguf() =>
        Assert.Equal("README.md", Assert.Single(Select("READ*")).PrimaryPath);

    [Fact]
    public void Exact_path_picks_that_file_even_without_a_gguf_extension() =>
        Assert.Equal("README.md", Assert.Single(Select("README.md")).PrimaryPath);

    [Fact]
    public void Shards_of_a_split_model_form_one_group_in_order()
    {
        var group = Assert.Single(Select("Q4_K_M", false, "big-Q4_K_M-00002-of-00003.gguf", "big-Q4_K_M-00001-of-00003.gguf", "big-Q4_K_M-00003-of-00003.gguf", "big-Q8_0.gguf"));

        Assert.Equal(["big-Q4_K_M-00001-of-00003.gguf", "big-Q4_K_M-00002-of-00003.gguf", "big-Q4_K_M-00003-of-00003.gguf"], group.Paths);
        Assert.Equal("big-Q4_K_M-*-of-00003.gguf", group.Name);
        Assert.True(group.IsComplete);
    }

    [Fact]
    public void Selecting_one_shard_brings_the_whole_split() =>
        Assert.Equal(2, Assert.Single(Select("d/big-00002-of-00002.gguf", false, "d/big-00001-of-00002.gguf", "d/big-00002-of-00002.gguf")).Paths.Count);

    [Fact]
    public void Split_with_a_missing_shard_is_incomplete_and_names_it()
    {
        var group = Assert.Single(Select(null, false, "big-00001-of-00003.gguf", "big-00003-of-00003.gguf"));

        Assert.False(group.IsComplete);
        Assert.Equal(["big-00002-of-00003.gguf"], group.MissingPaths);
        var error = ModelFileSelector.Incomplete("acme/m-GGUF", "main", group);
        Assert.Contains("missing shard(s) big-00002-of-00003.gguf", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Repository_without_gguf_files_says_so()
    {
        var error = Assert.Throws<ModelNotFoundException>(() => Select(null, false, "README.md"));

        Assert.Contains("it holds no .gguf files", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("m-00001-of-00002.gguf", "m", 1, 2)]
    [InlineData("dir/m-Q4-00010-of-00012.gguf", "dir/m-Q4", 10, 12)]
    public void Shard_names_are_parsed(string path, string prefix, int index, int count) =>
        Assert.Equal(new SplitShardName(prefix, index, count), SplitShardName.TryParse(path));

    [Theory]
    [InlineData("m.gguf")]
    [InlineData("m-00003-of-00002.gguf")]
    [InlineData("m-00000-of-00002.gguf")]
    [InlineData("m-1-of-2.gguf")]
    public void Names_that_are_no_shards_are_not_parsed(string path) =>
        Assert.Null(SplitShardName.TryParse(path));

    [Theory]
    [InlineData("*.gguf", "a/b.gguf", true)]
    [InlineData("*Q4_K_M*", "x-q4_k_m.gguf", true)]
    [InlineData("?.gguf", "ab.gguf", false)]
    [InlineData("m-[0-9].gguf", "m-7.gguf", true)]
    [InlineData("m-[!0-9].gguf", "m-7.gguf", false)]
    [InlineData("m-[!0-9].gguf", "m-x.gguf", true)]
    [InlineData("m[!].gguf", "m[!].gguf", true)]
    [InlineData("m[.gguf", "m[.gguf", true)]
    [InlineData("a.b", "axb", false)]
    public void Globs_match_like_fnmatch(string pattern, string path, bool matches) =>
        Assert.Equal(matches, Glob.IsMatch(pattern, path));

    [Theory]
    [InlineData("Q4_K_M", false)]
    [InlineData("*.gguf", true)]
    [InlineData("m?.gguf", true)]
    [InlineData("m[0].gguf", true)]
    public void Globs_are_told_from_tags(string text, bool isPattern) =>
        Assert.Equal(isPattern, Glob.IsPattern(text));
}
