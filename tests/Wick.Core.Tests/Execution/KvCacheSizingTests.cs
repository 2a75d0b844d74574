using Wick.Core.Execution.Llama;
using Wick.Core.Gguf;

namespace Wick.Core.Tests.Execution;

public sealed class KvCacheSizingTests
{
    private static GgufFile File(Action<GgufWriter> metadata)
    {
        var writer = new GgufWriter();
        metadata(writer);
        var stream = new MemoryStream();
        writer.WriteTo(stream);
        stream.Position = 0;
        return GgufFile.Read(stream);
    }

    [Fact]
    public void Counts_are_read_under_the_architecture_prefix()
    {
        var gguf = File(w =>
        {
            w.Add("general.architecture", "llama");
            w.Add("llama.attention.head_count", 14u);
        });

        Assert.Equal(14, LlamaExecutor.GgufCount(gguf, "attention.head_count"));
    }

    [Fact]
    public void A_missing_or_non_integer_count_or_architecture_falls_back()
    {
        var noArchitecture = File(w => w.Add("llama.attention.head_count", 14u));
        var missing = File(w => w.Add("general.architecture", "llama"));
        var text = File(w =>
        {
            w.Add("general.architecture", "llama");
            w.Add("llama.attention.head_count", "fourteen");
        });

        Assert.Equal(7, LlamaExecutor.GgufCount(noArchitecture, "attention.head_count", 7));
        Assert.Equal(7, LlamaExecutor.GgufCount(missing, "attention.head_count", 7));
        Assert.Equal(1, LlamaExecutor.GgufCount(text, "attention.head_count"));
    }
}
