using Wick.Core.Gguf;

namespace Wick.Core.Tests.Gguf;

public sealed class GgufCorruptionTests
{
    [Fact]
    public void Every_truncation_of_a_valid_file_raises_GgufFormatException()
    {
        var bytes = GgufTestFiles.Small();

        for (var length = 0; length < bytes.Length; length++)
        {
            var error = Assert.Throws<GgufFormatException>(() => GgufTestFiles.Read(bytes[..length]));
            Assert.InRange(error.Offset, 0, bytes.Length);
        }

        Assert.Equal(4, GgufTestFiles.Read(bytes).Tensors.Count);
    }

    [Fact(Timeout = 60_000)]
    public void Random_byte_flips_either_read_or_raise_GgufFormatException()
    {
        var original = GgufTestFiles.Small();
        var random = new Random(20240601);
        var outcomes = new Dictionary<bool, int> { [true] = 0, [false] = 0 };

        for (var trial = 0; trial < 3000; trial++)
        {
            TestContext.Current.CancellationToken.ThrowIfCancellationRequested();
            var bytes = (byte[])original.Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                bytes[random.Next(bytes.Length)] ^= (byte)random.Next(1, 256);
            }

            outcomes[ReadEverything(bytes)]++;
        }

        Assert.True(outcomes[true] > 0 && outcomes[false] > 0, $"read {outcomes[true]}, rejected {outcomes[false]}");
    }

    public static TheoryData<string, byte[], string> HostileFiles => new()
    {
        { "bad magic", new RawGguf().U32(0x46554748).U32(3).U64(0).U64(0).ToArray(), "not a GGUF file" },
        { "version 1", RawGguf.Header(0, 0, version: 1).ToArray(), "unsupported GGUF version 1" },
        { "big-endian version", RawGguf.Header(0, 0, version: 0x03000000).ToArray(), "unsupported GGUF version" },
        { "absurd tensor count", RawGguf.Header(ulong.MaxValue, 0).ToArray(), "tensor count" },
        { "absurd metadata count", RawGguf.Header(0, 1UL << 40).ToArray(), "metadata entry count" },
        { "key length past end", RawGguf.Header(0, 1).U64(1UL << 62).Bytes(new byte[8]).ToArray(), "metadata key length" },
        { "value string past end", RawGguf.Header(0, 1).Key("k", GgufValueType.String).U64(ulong.MaxValue).ToArray(), "string value length" },
        { "unknown value type", RawGguf.Header(0, 1).Key("k", (GgufValueType)13).Bytes(new byte[8]).ToArray(), "unknown metadata value type 13" },
        { "array length past end", RawGguf.Header(0, 1).Key("k", GgufValueType.Array).U32((uint)GgufValueType.UInt64).U64(1UL << 60).ToArray(), "array of 1152921504606846976 UInt64" },
        { "array length beyond any array", RawGguf.Header(0, 1).Key("k", GgufValueType.Array).U32((uint)GgufValueType.UInt8).U64(1UL << 60).ToArray(), "runs past the end" },
        { "unknown array item type", RawGguf.Header(0, 1).Key("k", GgufValueType.Array).U32(99).U64(0).ToArray(), "unknown metadata value type 99" },
        { "arrays nested too deep", NestedArrays(9), "nested deeper than 8" },
        { "duplicate key", RawGguf.Header(0, 2).Key("k", GgufValueType.UInt8).Bytes(1).Key("k", GgufValueType.UInt8).Bytes(2).ToArray(), "duplicate metadata key 'k'" },
        { "zero alignment", RawGguf.Header(0, 1).Key("general.alignment", GgufValueType.UInt32).U32(0).ToArray(), "general.alignment' must be a UInt32 power of two" },
        { "odd alignment", RawGguf.Header(0, 1).Key("general.alignment", GgufValueType.UInt32).U32(24).ToArray(), "power of two" },
        { "alignment of the wrong type", RawGguf.Header(0, 1).Key("general.alignment", GgufValueType.UInt64).U64(32).ToArray(), "power of two" },
        { "architecture not a string", RawGguf.Header(0, 1).Key("general.architecture", GgufValueType.UInt8).Bytes(1).ToArray(), "general.architecture' must be a string" },
        { "negative context length", ArchitectureWith(GgufValueType.Int32, BitConverter.GetBytes(-1)), "llama.context_length' must be a non-negative integer" },
        { "context length beyond long", ArchitectureWith(GgufValueType.UInt64, BitConverter.GetBytes(ulong.MaxValue)), "non-negative integer" },
        { "context length as float", ArchitectureWith(GgufValueType.Float32, BitConverter.GetBytes(1f)), "non-negative integer" },
        { "tokens not strings", RawGguf.Header(0, 1).Key("tokenizer.ggml.tokens", GgufValueType.Array).U32((uint)GgufValueType.Int32).U64(0).ToArray(), "array of strings" },
        { "file type not an integer", RawGguf.Header(0, 1).Key("general.file_type", GgufValueType.String).Str("q8").ToArray(), "general.file_type' must be a non-negative integer" },
        { "tensor name too long", WithTensor(t => t.Tensor(new string('n', 64), GgmlType.F32, 0, 8)), "at most 63" },
        { "duplicate tensor", RawGguf.Header(2, 0).Tensor("t", GgmlType.F32, 0, 8).Tensor("t", GgmlType.F32, 32, 8).Pad().Bytes(new byte[64]).ToArray(), "duplicate tensor name 't'" },
        { "zero dimensions", WithTensor(t => t.Tensor("t", GgmlType.F32, 0)), "has 0 dimensions" },
        { "five dimensions", WithTensor(t => t.Tensor("t", GgmlType.F32, 0, 1, 1, 1, 1, 1)), "has 5 dimensions" },
        { "dimension beyond long", WithTensor(t => t.Tensor("t", GgmlType.F32, 0, ulong.MaxValue)), "dimensions overflow" },
        { "dimensions overflowing together", WithTensor(t => t.Tensor("t", GgmlType.F32, 0, 1UL << 32, 1UL << 32)), "dimensions overflow" },
        { "unknown tensor type", WithTensor(t => t.Tensor("t", (GgmlType)4, 0, 8)), "unknown ggml type 4" },
        { "row not a whole number of blocks", WithTensor(t => t.Tensor("t", GgmlType.Q8_0, 0, 33)), "not a multiple of the Q8_0 block size 32" },
        { "tensor larger than the file", WithTensor(t => t.Tensor("t", GgmlType.F32, 0, 1UL << 40)), "larger than the whole file" },
        { "huge quantized tensor", WithTensor(t => t.Tensor("t", GgmlType.Q6_K, 0, 1UL << 62)), "larger than the whole file" },
        { "misaligned offset", WithTensor(t => t.Tensor("t", GgmlType.F32, 4, 8)), "data offset 4 is not a multiple of the alignment 32" },
        { "gap before a tensor", WithTensor(t => t.Tensor("t", GgmlType.F32, 32, 8)), "does not follow the previous tensor (expected 0)" },
        { "data past end of file", RawGguf.Header(1, 0).Tensor("t", GgmlType.F32, 0, 8).Pad().Bytes(new byte[31]).ToArray(), "runs past the end of the file" },
        { "count field cut short", new RawGguf().U32(0x46554747).U32(3).U32(0).ToArray(), "unexpected end of file reading the tensor count" },
    };

    [Theory]
    [MemberData(nameof(HostileFiles))]
    public void Hostile_file_raises_GgufFormatException_naming_the_problem(string description, byte[] bytes, string expected)
    {
        var error = Assert.Throws<GgufFormatException>(() => GgufTestFiles.Read(bytes));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains($"at byte offset {error.Offset}", error.Message, StringComparison.Ordinal);
        Assert.True(error.Offset >= 0 && error.Offset <= bytes.Length, description);
    }

    [Fact]
    public void Lengths_that_fit_a_huge_file_but_no_dotnet_array_are_rejected_before_allocating()
    {
        var longArray = RawGguf.Header(0, 1).Key("k", GgufValueType.Array).U32((uint)GgufValueType.UInt8).U64(1UL << 32).ToArray();
        var longString = RawGguf.Header(0, 1).Key("k", GgufValueType.String).U64(3_000_000_000).ToArray();
        using var arrayStream = new SparseStream(longArray, 1L << 40);
        using var stringStream = new SparseStream(longString, 1L << 40);

        var arrayError = Assert.Throws<GgufFormatException>(() => GgufFile.Read(arrayStream));
        var stringError = Assert.Throws<GgufFormatException>(() => GgufFile.Read(stringStream));

        Assert.Contains("longer than .NET arrays allow", arrayError.Message, StringComparison.Ordinal);
        Assert.Contains("3000000000 bytes long; at most 2147483647", stringError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Eight_levels_of_nested_arrays_are_read()
    {
        var file = GgufTestFiles.Read(NestedArrays(8));

        var depth = 0;
        for (var value = file.Metadata["k"].Value; value is GgufArray array; value = array.Count > 0 ? array.Items.GetValue(0)! : null!)
        {
            depth++;
        }

        Assert.Equal(8, depth);
    }

    [Fact]
    public void Offsets_in_errors_point_at_the_offending_field()
    {
        var bytes = RawGguf.Header(0, 1).Key("k", GgufValueType.String).U64(ulong.MaxValue).ToArray();

        var error = Assert.Throws<GgufFormatException>(() => GgufTestFiles.Read(bytes));

        Assert.Equal(24 + 8 + 1 + 4, error.Offset);
    }

    [Fact]
    public void Reading_tensor_data_from_a_shorter_stream_raises_GgufFormatException()
    {
        var bytes = GgufTestFiles.Small();
        var file = GgufTestFiles.Read(bytes);
        using var shorter = new MemoryStream(bytes[..(int)file.DataOffset]);

        var error = Assert.Throws<GgufFormatException>(() => file.ReadTensorFloats(shorter, file.GetTensor("f32")));

        Assert.Equal(file.DataOffset, error.Offset);
    }

    [Fact]
    public void Files_with_only_empty_tensors_need_no_data_section()
    {
        var bytes = RawGguf.Header(1, 0).Tensor("empty", GgmlType.F32, 0, 0).ToArray();

        var file = GgufTestFiles.Read(bytes);

        Assert.Equal(0, file.GetTensor("empty").ByteSize);
        Assert.Empty(GgufTestFiles.ReadFloats(bytes, file, "empty"));
    }

    [Fact]
    public void Version_2_files_are_read()
    {
        var file = GgufTestFiles.Read(RawGguf.Header(0, 1, version: 2).Key("k", GgufValueType.Bool).Bytes(7).ToArray());

        Assert.Equal(2, file.Version);
        Assert.True(file.Metadata["k"].AsBool());
    }

    private static bool ReadEverything(byte[] bytes)
    {
        try
        {
            var file = GgufTestFiles.Read(bytes);
            foreach (var tensor in file.Tensors.Where(t => GgmlCodec.Supports(t.Type)))
            {
                _ = GgufTestFiles.ReadFloats(bytes, file, tensor.Name);
            }

            _ = (file.Architecture, file.Name, file.ChatTemplate, file.ContextLength, file.EmbeddingLength, file.BlockCount,
                file.VocabSize, file.FileType, file.ParameterCount);
            return true;
        }
        catch (GgufFormatException)
        {
            return false;
        }
    }

    private static byte[] NestedArrays(int depth)
    {
        var raw = RawGguf.Header(0, 1).Key("k", GgufValueType.Array);
        for (var level = 1; level < depth; level++)
        {
            raw.U32((uint)GgufValueType.Array).U64(1);
        }

        return raw.U32((uint)GgufValueType.UInt8).U64(0).ToArray();
    }

    private static byte[] ArchitectureWith(GgufValueType type, byte[] value) =>
        RawGguf.Header(0, 2).Key("general.architecture", GgufValueType.String).Str("llama")
            .Key("llama.context_length", type).Bytes(value).ToArray();

    private static byte[] WithTensor(Func<RawGguf, RawGguf> tensor) =>
        tensor(RawGguf.Header(1, 0)).Pad().Bytes(new byte[64]).ToArray();
}
