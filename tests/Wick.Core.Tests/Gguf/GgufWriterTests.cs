using Wick.Core.Gguf;

namespace Wick.Core.Tests.Gguf;

public sealed class GgufWriterTests
{
    [Theory]
    [InlineData(0u)]
    [InlineData(3u)]
    [InlineData(48u)]
    public void Alignment_must_be_a_power_of_two(uint alignment)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new GgufWriter(alignment));
    }

    [Fact]
    public void Keys_are_unique_and_general_alignment_is_taken()
    {
        var writer = new GgufWriter();
        writer.Add("k", 1);

        Assert.Throws<ArgumentException>(() => writer.Add("k", 2));
        Assert.Throws<ArgumentException>(() => writer.Add(GgufKeys.Alignment, 64u));
        Assert.Throws<ArgumentException>(() => writer.Add("", 1));
        Assert.Throws<ArgumentNullException>(() => writer.Add("v", (GgufValue)null!));
    }

    [Fact]
    public void Arrays_nested_deeper_than_the_reader_allows_are_refused()
    {
        var array = new GgufArray(new[] { 1 });
        for (var level = 1; level < 8; level++)
        {
            array = new GgufArray(new[] { array });
        }

        var writer = new GgufWriter();
        writer.Add("eight", new GgufValue(array));

        Assert.Throws<ArgumentException>(() => writer.Add("nine", new GgufValue(new GgufArray(new[] { array }))));
        Assert.Single(GgufTestFiles.Read(GgufTestFiles.ToBytes(writer)).Metadata, kv => kv.Key == "eight");
    }

    public static TheoryData<string, GgmlType, long[]> BadTensors => new()
    {
        { "", GgmlType.F32, [1] },
        { new string('x', 64), GgmlType.F32, [1] },
        { "t", GgmlType.Q4_K, [256] },
        { "t", GgmlType.F32, [] },
        { "t", GgmlType.F32, [1, 1, 1, 1, 1] },
        { "t", GgmlType.F32, [0] },
        { "t", GgmlType.F32, [-1] },
        { "t", GgmlType.F32, [1L << 29] },
        { "t", GgmlType.Q8_0, [48] },
        { "t", GgmlType.F32, [1L << 28, 1L << 28, 1L << 28] },
    };

    [Theory]
    [MemberData(nameof(BadTensors))]
    public void Tensors_llama_cpp_could_not_load_are_refused(string name, GgmlType type, long[] dims)
    {
        var writer = new GgufWriter();

        Assert.ThrowsAny<ArgumentException>(() => writer.AddTensor(name, type, dims, (_, _) => { }));
    }

    [Fact]
    public void Tensor_names_are_unique_and_data_must_match_the_dims()
    {
        var writer = new GgufWriter();
        writer.AddTensor("t", GgmlType.F32, [2], new float[2]);

        Assert.Throws<ArgumentException>(() => writer.AddTensor("t", GgmlType.F32, [2], new float[2]));
        Assert.Throws<ArgumentException>(() => writer.AddTensor("u", GgmlType.F32, [2], new float[3]));
        Assert.Throws<ArgumentNullException>(() => writer.AddTensor("v", GgmlType.F32, [2], (Action<Span<float>, long>)null!));
        Assert.Throws<ArgumentNullException>(() => writer.AddTensor("w", GgmlType.F32, null!, new float[2]));
    }

    [Fact]
    public void Tensor_names_of_63_bytes_are_allowed()
    {
        var name = new string('x', 63);
        var writer = new GgufWriter();
        writer.AddTensor(name, GgmlType.F32, [1], new float[1]);

        var file = GgufTestFiles.Read(GgufTestFiles.ToBytes(writer));

        Assert.Equal(name, file.Tensors[0].Name);
    }

    [Fact]
    public void WriteTo_rejects_null_targets()
    {
        var writer = new GgufWriter();

        Assert.Throws<ArgumentNullException>(() => writer.WriteTo((Stream)null!));
        Assert.Throws<ArgumentException>(() => writer.WriteTo(""));
    }
}
