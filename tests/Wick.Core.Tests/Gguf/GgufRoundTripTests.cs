using Wick.Core.Gguf;

namespace Wick.Core.Tests.Gguf;

public sealed class GgufRoundTripTests
{
    public static TheoryData<string, GgufValue> EveryValueType => new()
    {
        { "u8", new GgufValue((byte)200) },
        { "i8", new GgufValue((sbyte)-100) },
        { "u16", new GgufValue((ushort)60000) },
        { "i16", new GgufValue((short)-30000) },
        { "u32", new GgufValue(4_000_000_000u) },
        { "i32", new GgufValue(-2_000_000_000) },
        { "f32", new GgufValue(3.25f) },
        { "bool", new GgufValue(true) },
        { "string", new GgufValue("héllo ✓") },
        { "u64", new GgufValue(ulong.MaxValue) },
        { "i64", new GgufValue(long.MinValue) },
        { "f64", new GgufValue(-1.5e300) },
        { "empty string", new GgufValue("") },
        { "u8 array", new GgufValue(new GgufArray(new byte[] { 1, 2, 255 })) },
        { "i8 array", new GgufValue(new GgufArray(new sbyte[] { -1, 0, 1 })) },
        { "u16 array", new GgufValue(new GgufArray(new ushort[] { 1, 65535 })) },
        { "i16 array", new GgufValue(new GgufArray(new short[] { -1, 32767 })) },
        { "u32 array", new GgufValue(new GgufArray(new uint[] { 7 })) },
        { "i32 array", new GgufValue(new GgufArray(new[] { -7, 7 })) },
        { "f32 array", new GgufValue(new GgufArray(new[] { 0.5f, float.NaN, float.NegativeInfinity })) },
        { "bool array", new GgufValue(new GgufArray(new[] { true, false, true })) },
        { "string array", new GgufValue(new GgufArray(new[] { "", "a", "日本" })) },
        { "u64 array", new GgufValue(new GgufArray(new[] { 0UL, ulong.MaxValue })) },
        { "i64 array", new GgufValue(new GgufArray(new[] { long.MinValue, 0L })) },
        { "f64 array", new GgufValue(new GgufArray(new[] { double.Epsilon, -0.0 })) },
        { "empty array", new GgufValue(new GgufArray(Array.Empty<int>())) },
        {
            "nested arrays", new GgufValue(new GgufArray(new[]
            {
                new GgufArray(new[] { 1, 2 }),
                new GgufArray(new[] { "x" }),
                new GgufArray(new[] { new GgufArray(new[] { true }) }),
            }))
        },
    };

    [Theory]
    [MemberData(nameof(EveryValueType))]
    public void Metadata_of_every_type_reads_back_identical(string key, GgufValue value)
    {
        var writer = new GgufWriter();
        writer.Add(key, value);

        var file = GgufTestFiles.Read(GgufTestFiles.ToBytes(writer));

        GgufAssert.Equal(value, file.Metadata[key]);
    }

    [Fact]
    public void Metadata_keeps_insertion_order_after_general_alignment()
    {
        var writer = new GgufWriter();
        writer.Add("z", 1);
        writer.Add("a", 2u);
        writer.Add("m", 3f);
        writer.Add("b", false);
        writer.Add("u", 5UL);
        writer.AddArray("s", ["x"]);
        writer.AddArray("i", [1]);
        writer.AddArray("f", [1f]);

        var file = GgufTestFiles.Read(GgufTestFiles.ToBytes(writer));

        Assert.Equal(["general.alignment", "z", "a", "m", "b", "u", "s", "i", "f"], file.Metadata.Keys);
        Assert.Equal(GgufValueType.UInt32, file.Metadata["general.alignment"].Type);
        Assert.Equal([GgufValueType.Int32, GgufValueType.UInt32, GgufValueType.Float32, GgufValueType.Bool, GgufValueType.UInt64],
            file.Metadata.Values.Skip(1).Take(5).Select(v => v.Type));
    }

    [Fact]
    public void Tensor_directory_reads_back_names_types_dims_offsets_and_sizes()
    {
        var file = GgufTestFiles.Read(GgufTestFiles.Small());

        Assert.Equal(3, file.Version);
        Assert.Equal(32u, file.Alignment);
        Assert.Equal(["f32", "f16", "q8", "q4"], file.Tensors.Select(t => t.Name));
        Assert.Equal([GgmlType.F32, GgmlType.F16, GgmlType.Q8_0, GgmlType.Q4_0], file.Tensors.Select(t => t.Type));
        Assert.Equal([3L, 2L], file.GetTensor("f32").Dimensions);
        Assert.Equal([6L, 5L, 64L, 32L], file.Tensors.Select(t => t.ElementCount));
        Assert.Equal([24L, 10L, 68L, 18L], file.Tensors.Select(t => t.ByteSize));
        Assert.Equal([0L, 32L, 64L, 160L], file.Tensors.Select(t => t.Offset));
        Assert.All(file.Tensors, t => Assert.Equal(file.DataOffset + t.Offset, t.FileOffset));
    }

    [Theory]
    [InlineData(1u)]
    [InlineData(8u)]
    [InlineData(32u)]
    [InlineData(64u)]
    [InlineData(4096u)]
    [InlineData(8192u)]
    public void Data_section_and_every_tensor_start_on_the_alignment(uint alignment)
    {
        var writer = new GgufWriter(alignment);
        writer.AddTensor("a", GgmlType.F16, [3], new float[3]);
        writer.AddTensor("b", GgmlType.Q4_0, [32], new float[32]);
        writer.AddTensor("c", GgmlType.F32, [1], new float[1]);
        var bytes = GgufTestFiles.ToBytes(writer);

        var file = GgufTestFiles.Read(bytes);

        Assert.Equal(alignment, file.Alignment);
        Assert.Equal(0, file.DataOffset % alignment);
        Assert.All(file.Tensors, t => Assert.Equal(0, t.FileOffset % alignment));
        Assert.Equal(file.Tensors[^1].FileOffset + ((4 + alignment - 1) / alignment * alignment), bytes.Length);
    }

    [Fact]
    public void F32_data_reads_back_exactly_and_F16_within_half_precision()
    {
        var values = new[] { 1.1f, -2.2f, 3.3e-3f, 12345.678f, 0f, -0f };
        var writer = new GgufWriter();
        writer.AddTensor("f32", GgmlType.F32, [3, 2], values);
        writer.AddTensor("f16", GgmlType.F16, [6], values);
        var bytes = GgufTestFiles.ToBytes(writer);
        var file = GgufTestFiles.Read(bytes);

        var f32 = GgufTestFiles.ReadFloats(bytes, file, "f32");
        var f16 = GgufTestFiles.ReadFloats(bytes, file, "f16");

        Assert.Equal(values, f32);
        Assert.Equal(values.Select(v => (float)(Half)v), f16);
    }

    [Theory]
    [InlineData(GgmlType.Q8_0, 127f)]
    [InlineData(GgmlType.Q4_0, 8f)]
    public void Quantized_data_reads_back_within_the_quantization_step(GgmlType type, float levels)
    {
        var values = Enumerable.Range(0, 96).Select(i => MathF.Sin(i * 0.37f) * (1 + (i / 32))).ToArray();
        var writer = new GgufWriter();
        writer.AddTensor("w", type, [32, 3], values);
        var bytes = GgufTestFiles.ToBytes(writer);

        var decoded = GgufTestFiles.ReadFloats(bytes, GgufTestFiles.Read(bytes), "w");

        for (var i = 0; i < values.Length; i++)
        {
            var step = values.Skip(i / 32 * 32).Take(32).Max(MathF.Abs) / levels;
            Assert.InRange(decoded[i], values[i] - (1.01f * step), values[i] + (1.01f * step));
        }
    }

    [Fact]
    public void Streamed_rows_write_the_same_bytes_as_data_in_memory()
    {
        var values = GgufTestFiles.Ramp(32 * 5);
        var inMemory = new GgufWriter();
        inMemory.AddTensor("w", GgmlType.Q8_0, [32, 5], values);
        var streamed = new GgufWriter();
        var rowsAsked = new List<long>();
        streamed.AddTensor("w", GgmlType.Q8_0, [32, 5], (row, index) =>
        {
            rowsAsked.Add(index);
            values.AsSpan((int)index * 32, 32).CopyTo(row);
        });

        var expected = GgufTestFiles.ToBytes(inMemory);
        var actual = GgufTestFiles.ToBytes(streamed);

        Assert.Equal(expected, actual);
        Assert.Equal([0L, 1, 2, 3, 4], rowsAsked);
    }

    [Fact]
    public void Raw_tensor_bytes_are_the_encoded_blocks()
    {
        var writer = new GgufWriter();
        writer.AddTensor("w", GgmlType.F16, [2], new[] { 1f, -2f });
        var bytes = GgufTestFiles.ToBytes(writer);
        var file = GgufTestFiles.Read(bytes);
        using var stream = new MemoryStream(bytes);

        var raw = file.ReadTensorBytes(stream, file.GetTensor("w"));

        Assert.Equal([0x00, 0x3C, 0x00, 0xC0], raw);
    }

    [Fact]
    public void WriteTo_path_moves_the_finished_file_into_place_and_leaves_no_temporary()
    {
        var directory = Path.Combine(Path.GetTempPath(), "wick-gguf-" + Guid.NewGuid().ToString("N"));
        var path = Path.Combine(directory, "sub", "model.gguf");
        var writer = new GgufWriter();
        writer.Add(GgufKeys.Name, "on disk");
        writer.AddTensor("w", GgmlType.F32, [2], new[] { 1f, 2f });
        try
        {
            writer.WriteTo(path);

            var file = GgufFile.Read(path);
            Assert.Equal("on disk", file.Name);
            Assert.Equal([1f, 2f], file.ReadTensorFloats(path, "w"));
            Assert.Equal(["model.gguf"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void WriteTo_path_removes_the_temporary_when_a_row_callback_fails()
    {
        var directory = Path.Combine(Path.GetTempPath(), "wick-gguf-" + Guid.NewGuid().ToString("N"));
        var path = Path.Combine(directory, "model.gguf");
        var writer = new GgufWriter();
        writer.AddTensor("w", GgmlType.F32, [2, 2], (_, index) => throw new InvalidOperationException($"row {index} failed"));
        try
        {
            var error = Assert.Throws<InvalidOperationException>(() => writer.WriteTo(path));

            Assert.Equal("row 0 failed", error.Message);
            Assert.Empty(Directory.GetFiles(directory));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
