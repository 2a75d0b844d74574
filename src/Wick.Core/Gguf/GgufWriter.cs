using System.Buffers.Binary;
using System.Text;

namespace Wick.Core.Gguf;

/// <summary>Writes a GGUF v3 file: metadata in insertion order, then the tensor directory, then tensor data, each piece
/// aligned to <see cref="Alignment"/> exactly as llama.cpp's own writer lays it out. Tensors can be given in memory or
/// as a row callback, so a multi-gigabyte model streams through a single row buffer.</summary>
public sealed class GgufWriter
{
    private const long MaxRowLength = 1 << 28;
    private static readonly byte[] Zeros = new byte[4096];
    private readonly List<KeyValuePair<string, GgufValue>> metadata = [];
    private readonly List<GgufWriterTensor> tensors = [];

    public GgufWriter(uint alignment = GgufFormat.DefaultAlignment)
    {
        if (alignment == 0 || (alignment & (alignment - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(alignment), alignment, "The alignment must be a power of two.");
        }

        Alignment = alignment;
        metadata.Add(new(GgufKeys.Alignment, new GgufValue(alignment)));
    }

    public uint Alignment { get; }

    public void Add(string key, string value) => Add(key, new GgufValue(value));

    public void Add(string key, uint value) => Add(key, new GgufValue(value));

    public void Add(string key, int value) => Add(key, new GgufValue(value));

    public void Add(string key, float value) => Add(key, new GgufValue(value));

    public void Add(string key, bool value) => Add(key, new GgufValue(value));

    public void Add(string key, ulong value) => Add(key, new GgufValue(value));

    public void AddArray(string key, IReadOnlyList<string> values) => Add(key, new GgufValue(new GgufArray(values.ToArray())));

    public void AddArray(string key, IReadOnlyList<int> values) => Add(key, new GgufValue(new GgufArray(values.ToArray())));

    public void AddArray(string key, IReadOnlyList<float> values) => Add(key, new GgufValue(new GgufArray(values.ToArray())));

    /// <summary>Adds a value of any GGUF type (every integer width, Float64, nested arrays).</summary>
    public void Add(string key, GgufValue value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        if (metadata.Exists(kv => kv.Key == key))
        {
            throw new ArgumentException($"Metadata key '{key}' was already added.", nameof(key));
        }

        if (Depth(value.Value) > GgufFormat.MaxArrayDepth)
        {
            throw new ArgumentException($"Metadata '{key}' nests arrays deeper than {GgufFormat.MaxArrayDepth} levels.", nameof(value));
        }

        metadata.Add(new(key, value));
    }

    /// <summary>Adds a tensor held in memory. <paramref name="dims"/> are in ggml order: dims[0] is the row length.</summary>
    public void AddTensor(string name, GgmlType type, IReadOnlyList<long> dims, ReadOnlyMemory<float> data)
    {
        var tensor = Describe(name, type, dims) with { Data = data };
        if (data.Length != tensor.ElementCount)
        {
            throw new ArgumentException($"Tensor '{name}' has {tensor.ElementCount} elements but {data.Length} values were given.", nameof(data));
        }

        tensors.Add(tensor);
    }

    /// <summary>Adds a tensor whose rows are produced at write time: <paramref name="fillRow"/>(row, rowIndex) fills a
    /// span of dims[0] floats, once per row, in order.</summary>
    public void AddTensor(string name, GgmlType type, IReadOnlyList<long> dims, Action<Span<float>, long> fillRow)
    {
        ArgumentNullException.ThrowIfNull(fillRow);
        tensors.Add(Describe(name, type, dims) with { FillRow = fillRow });
    }

    /// <summary>Writes the file to <paramref name="path"/> + ".tmp", then moves it into place, so a reader never sees
    /// half a file.</summary>
    public void WriteTo(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 20))
            {
                WriteTo(stream);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var header = WriteHeader();
        stream.Write(header);
        WritePadding(stream, header.Length);
        foreach (var tensor in tensors)
        {
            WriteData(stream, tensor);
            WritePadding(stream, tensor.ByteSize);
        }
    }

    private GgufWriterTensor Describe(string name, GgmlType type, IReadOnlyList<long> dims)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(dims);
        if (tensors.Exists(t => t.Name == name))
        {
            throw new ArgumentException($"Tensor '{name}' was already added.", nameof(name));
        }

        if (Encoding.UTF8.GetByteCount(name) > GgufFormat.MaxTensorNameBytes)
        {
            throw new ArgumentException($"Tensor name '{name}' is longer than {GgufFormat.MaxTensorNameBytes} bytes.", nameof(name));
        }

        if (!GgmlCodec.Supports(type))
        {
            throw new ArgumentException($"Tensor '{name}': writing {type} is not supported (F32, F16, Q8_0, Q4_0 are).", nameof(type));
        }

        if (dims.Count is 0 or > GgufFormat.MaxDimensions || dims.Any(d => d <= 0) || dims[0] > MaxRowLength)
        {
            throw new ArgumentException($"Tensor '{name}' needs 1 to {GgufFormat.MaxDimensions} positive dimensions and rows of at most {MaxRowLength}, got [{string.Join(", ", dims)}].", nameof(dims));
        }

        var layout = GgmlTypeLayout.Of(type)!.Value;
        if (dims[0] % layout.BlockSize != 0)
        {
            throw new ArgumentException($"Tensor '{name}': the row length {dims[0]} is not a multiple of the {type} block size {layout.BlockSize}.", nameof(dims));
        }

        var elements = 1L;
        foreach (var d in dims)
        {
            elements = elements <= long.MaxValue / d
                ? elements * d
                : throw new ArgumentException($"Tensor '{name}': the dimensions [{string.Join(", ", dims)}] overflow a 64-bit element count.", nameof(dims));
        }

        return new GgufWriterTensor(name, type, [.. dims], elements, elements / layout.BlockSize * layout.TypeSize, default, null);
    }

    private static int Depth(object value) => value is GgufArray array
        ? 1 + (array.Items is GgufArray[] nested && nested.Length > 0 ? nested.Max(Depth) : 0)
        : 0;

    private static void WriteString(BinaryWriter writer, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        writer.Write((ulong)bytes.Length);
        writer.Write(bytes);
    }

    private static void WriteValue(BinaryWriter writer, object value)
    {
        switch (value)
        {
            case string s:
                WriteString(writer, s);
                break;
            case GgufArray array:
                writer.Write((uint)array.ElementType);
                writer.Write((ulong)array.Count);
                foreach (var item in array.Items)
                {
                    WriteValue(writer, item);
                }

                break;
            case byte v: writer.Write(v); break;
            case sbyte v: writer.Write(v); break;
            case ushort v: writer.Write(v); break;
            case short v: writer.Write(v); break;
            case uint v: writer.Write(v); break;
            case int v: writer.Write(v); break;
            case float v: writer.Write(v); break;
            case bool v: writer.Write(v); break;
            case ulong v: writer.Write(v); break;
            case long v: writer.Write(v); break;
            default: writer.Write((double)value); break;
        }
    }

    private byte[] WriteHeader()
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(GgufFormat.Magic);
            writer.Write(GgufFormat.Version);
            writer.Write((ulong)tensors.Count);
            writer.Write((ulong)metadata.Count);
            foreach (var (key, value) in metadata)
            {
                WriteString(writer, key);
                writer.Write((uint)value.Type);
                WriteValue(writer, value.Value);
            }

            var offset = 0L;
            foreach (var tensor in tensors)
            {
                WriteString(writer, tensor.Name);
                writer.Write((uint)tensor.Dimensions.Length);
                foreach (var dim in tensor.Dimensions)
                {
                    writer.Write((ulong)dim);
                }

                writer.Write((uint)tensor.Type);
                writer.Write((ulong)offset);
                offset += GgufFormat.Align(tensor.ByteSize, Alignment);
            }
        }

        return buffer.ToArray();
    }

    private void WriteData(Stream stream, GgufWriterTensor tensor)
    {
        var row = new float[tensor.RowLength];
        var encoded = new byte[tensor.RowBytes];
        for (var r = 0L; r < tensor.RowCount; r++)
        {
            ReadOnlySpan<float> values;
            if (tensor.FillRow is { } fill)
            {
                Array.Clear(row);
                fill(row, r);
                values = row;
            }
            else
            {
                values = tensor.Data.Span.Slice((int)(r * tensor.RowLength), tensor.RowLength);
            }

            GgmlCodec.Encode(tensor.Type, values, encoded);
            stream.Write(encoded);
        }
    }

    private void WritePadding(Stream stream, long length)
    {
        for (var padding = GgufFormat.Align(length, Alignment) - length; padding > 0; padding -= Zeros.Length)
        {
            stream.Write(Zeros, 0, (int)Math.Min(padding, Zeros.Length));
        }
    }
}
