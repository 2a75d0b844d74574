using Wick.Core.Models;

namespace Wick.Core.Tests;

public sealed class RepositoryFilesTests
{
    [Fact]
    public void FindRoot_finds_the_repository_from_the_test_output_folder()
    {
        var root = RepositoryFiles.FindRoot(AppContext.BaseDirectory);

        Assert.NotNull(root);
        Assert.True(File.Exists(Path.Combine(root, "global.json")));
    }
}
