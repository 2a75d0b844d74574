namespace Wick.Core.Gguf;

/// <summary>A GGUF file's metadata and tensor directory, read without loading tensor data. Malformed input raises
/// <see cref="GgufFormatException"/> and nothing else.</summary>
public sealed class GgufFile
{
    private readonly Dictionary<string, GgufTensorInfo> tensorsByName;

    internal GgufFile(int version, uint alignment, long dataOffset, IReadOnlyDictionary<string, GgufValue> metadata, IReadOnlyList<GgufTensorInfo> tensors)
    {
        Version = version;
        Alignment = alignment;
        DataOffset = dataOffset;
        Metadata = metadata;
        Tensors = tensors;
        tensorsByName = tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    public int Version { get; }

    public uint Alignment { get; }

    /// <summary>Absolute byte offset of the tensor data section.</summary>
    public long DataOffset { get; }

    /// <summary>Metadata in file order.</summary>
    public IReadOnlyDictionary<string, GgufValue> Metadata { get; }

    /// <summary>The tensor directory in file order.</summary>
    public IReadOnlyList<GgufTensorInfo> Tensors { get; }

    public string? Architecture => GetString(GgufKeys.Architecture);

    public string? Name => GetString(GgufKeys.Name);

    public string? ChatTemplate => GetString(GgufKeys.ChatTemplate);

    public long? ContextLength => GetArchitectureCount(GgufKeys.ContextLength);

    public long? EmbeddingLength => GetArchitectureCount(GgufKeys.EmbeddingLength);

    public long? BlockCount => GetArchitectureCount(GgufKeys.BlockCount);

    /// <summary><c>{arch}.vocab_size</c>, or else the length of <c>tokenizer.ggml.tokens</c>.</summary>
    public long? VocabSize => GetArchitectureCount(GgufKeys.VocabSize)
        ?? (Metadata.TryGetValue(GgufKeys.Tokens, out var tokens) ? tokens.AsArray().Count : null);

    /// <summary>llama.cpp's <c>general.file_type</c> (0 = all F32, 1 = mostly F16, 2 = mostly Q4_0, 7 = mostly Q8_0, ...).</summary>
    public long? FileType => Metadata.TryGetValue(GgufKeys.FileType, out var value) ? value.AsInt64() : null;

    /// <summary>The number of weights: the sum of every tensor's element count.</summary>
    public long ParameterCount => Tensors.Sum(t => t.ElementCount);

    public static GgufFile Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        return Read(stream);
    }

    /// <summary>Reads from a readable, seekable stream that holds a GGUF file from position 0.</summary>
    public static GgufFile Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead || !stream.CanSeek)
        {
            throw new ArgumentException("A GGUF file is read from a readable, seekable stream.", nameof(stream));
        }

        return GgufReader.Read(stream);
    }

    public GgufTensorInfo GetTensor(string name) => tensorsByName.TryGetValue(name, out var tensor)
        ? tensor
        : throw new KeyNotFoundException($"The file has no tensor '{name}'.");

    /// <summary>A tensor's raw bytes as stored, read from <paramref name="stream"/> (the same file).</summary>
    public byte[] ReadTensorBytes(Stream stream, GgufTensorInfo tensor)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.ByteSize > Array.MaxLength)
        {
            throw new NotSupportedException($"Tensor '{tensor.Name}' ({tensor.ByteSize} bytes) is too large to read into one array.");
        }

        var bytes = new byte[tensor.ByteSize];
        ReadAt(stream, tensor, bytes);
        return bytes;
    }

    /// <summary>A tensor's data dequantized to floats (F32, F16, Q8_0 and Q4_0), for tests and tools.</summary>
    public float[] ReadTensorFloats(Stream stream, GgufTensorInfo tensor)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(tensor);
        if (!GgmlCodec.Supports(tensor.Type))
        {
            throw new NotSupportedException($"Tensor '{tensor.Name}' is {tensor.Type}; only F32, F16, Q8_0 and Q4_0 are decoded.");
        }

        if (tensor.ElementCount > Array.MaxLength)
        {
            throw new NotSupportedException($"Tensor '{tensor.Name}' ({tensor.ElementCount} elements) is too large to read into one array.");
        }

        // Rows are decoded one at a time so the raw bytes never sit in memory beside the floats.
        var values = new float[tensor.ElementCount];
        var rowLength = (int)tensor.Dimensions[0];
        var rowBytes = tensor.ElementCount == 0 ? 0 : (int)(tensor.ByteSize / (tensor.ElementCount / rowLength));
        var row = new byte[rowBytes];
        for (var start = 0L; start < values.LongLength; start += rowLength)
        {
            ReadAt(stream, tensor, row, (start / rowLength) * rowBytes);
            GgmlCodec.Decode(tensor.Type, row, values.AsSpan((int)start, rowLength));
        }

        return values;
    }

    /// <summary>Opens <paramref name="path"/> and reads tensor <paramref name="name"/> as floats.</summary>
    public float[] ReadTensorFloats(string path, string name)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        return ReadTensorFloats(stream, GetTensor(name));
    }

    private static void ReadAt(Stream stream, GgufTensorInfo tensor, Span<byte> buffer, long within = 0)
    {
        if (tensor.FileOffset + tensor.ByteSize > stream.Length)
        {
            throw new GgufFormatException($"tensor '{tensor.Name}' data runs past the end of the file ({stream.Length} bytes)", tensor.FileOffset);
        }

        stream.Position = tensor.FileOffset + within;
        stream.ReadExactly(buffer);
    }

    private string? GetString(string key) => Metadata.TryGetValue(key, out var value) ? value.AsString() : null;

    private long? GetArchitectureCount(string suffix) =>
        Architecture is { } architecture && Metadata.TryGetValue(GgufKeys.ForArchitecture(architecture, suffix), out var value)
            ? value.AsInt64()
            : null;
}
