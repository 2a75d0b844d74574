using Wick.Core.Certification;

namespace Wick.Core.Tests.Certification;

public sealed class ProbeSetTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"wick-probes-{Guid.NewGuid():N}.json");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void Load_reads_probes_with_comments_and_default_max_tokens()
    {
        File.WriteAllText(_path, """
            // sums
            [ { "name": "two", "prompt": "1+1=", "expect": "2" },
              { "name": "ten", "prompt": "5+5=", "expect": "10", "max_tokens": 1 }, ]
            """);

        var probes = ProbeSet.Load(_path);

        Assert.Equal(2, probes.Count);
        Assert.Equal(8, probes[0].MaxTokens);
        Assert.Equal(1, probes[1].MaxTokens);
        Assert.Equal("5+5=", probes[1].Prompt);
    }

    [Theory]
    [InlineData("[]", "holds no probes")]
    [InlineData("null", "holds no probes")]
    [InlineData("[{\"name\":\"x\",\"prompt\":\"\",\"expect\":\"1\"}]", "'x' needs a prompt")]
    [InlineData("[{\"name\":\"x\",\"prompt\":\"1\",\"expect\":\"\"}]", "'x' needs a prompt")]
    [InlineData("[{\"name\":\"x\",\"prompt\":\"1\",\"expect\":\"1\",\"max_tokens\":0}]", "'x' needs a prompt")]
    [InlineData("{not json", "cannot be used")]
    public void Load_rejects_unusable_files_with_the_reason(string content, string reason)
    {
        File.WriteAllText(_path, content);

        var error = Assert.Throws<ProbeFileException>(() => ProbeSet.Load(_path));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Contains(_path, error.Message, StringComparison.Ordinal);
        Assert.Equal(400, error.HttpStatus);
        Assert.Equal("invalid_request_error", error.ErrorType);
        Assert.Equal("invalid_probe_file", error.Code);
    }

    [Fact]
    public void Load_reports_a_missing_file()
    {
        var error = Assert.Throws<ProbeFileException>(() => ProbeSet.Load(_path + ".missing"));

        Assert.Contains(".missing", error.Message, StringComparison.Ordinal);
    }
}
