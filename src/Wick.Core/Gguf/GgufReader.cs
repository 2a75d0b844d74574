using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Wick.Core.Gguf;

/// <summary>Parses a GGUF header and tensor directory from a seekable stream without touching tensor data. Every
/// count and length is checked against the bytes that remain before anything is allocated, so a truncated, corrupt
/// or hostile file ends in one <see cref="GgufFormatException"/> that says what is wrong and where.</summary>
internal sealed class GgufReader
{
    private const ulong MinKeyValueBytes = 8 + 4 + 1;      // key length, value type, a one-byte value
    private const ulong MinTensorInfoBytes = 8 + 4 + 8 + 4 + 8; // name length, n_dims, one dim, type, offset

    private readonly Stream stream;
    private readonly long length;
    private readonly byte[] scratch = new byte[8];

    private GgufReader(Stream stream)
    {
        this.stream = stream;
        length = stream.Length;
    }

    private long Position => stream.Position;

    private ulong Remaining => (ulong)(length - stream.Position);

    public static GgufFile Read(Stream stream)
    {
        stream.Position = 0;
        return new GgufReader(stream).ReadFile();
    }

    private static GgufFormatException Fail(string problem, long offset) => new(problem, offset);

    private static int MinimumSize(GgufValueType type) => type switch
    {
        GgufValueType.UInt8 or GgufValueType.Int8 or GgufValueType.Bool => 1,
        GgufValueType.UInt16 or GgufValueType.Int16 => 2,
        GgufValueType.UInt32 or GgufValueType.Int32 or GgufValueType.Float32 => 4,
        GgufValueType.Array => 4 + 8,
        _ => 8, // string length, 64-bit numbers
    };

    private GgufFile ReadFile()
    {
        var magic = ReadUInt32("magic");
        if (magic != GgufFormat.Magic)
        {
            throw Fail($"not a GGUF file: the magic is 0x{magic:X8}, expected 0x{GgufFormat.Magic:X8} (\"GGUF\")", 0);
        }

        var version = ReadUInt32("version");
        if (version is not (2 or 3))
        {
            throw Fail($"unsupported GGUF version {version} (this reader reads little-endian versions 2 and 3)", 4);
        }

        var tensorCount = ReadCount("tensor count", MinTensorInfoBytes);
        var keyValueCount = ReadCount("metadata entry count", MinKeyValueBytes);
        var metadata = new Dictionary<string, GgufValue>(StringComparer.Ordinal);
        var valueOffsets = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0L; i < keyValueCount; i++)
        {
            var keyOffset = Position;
            var key = ReadString("metadata key", int.MaxValue);
            if (metadata.ContainsKey(key))
            {
                throw Fail($"duplicate metadata key '{key}'", keyOffset);
            }

            valueOffsets[key] = Position;
            metadata.Add(key, ReadValue(ReadValueType(), 0));
        }

        var alignment = ValidateKnownKeys(metadata, valueOffsets);
        return ReadTensorDirectory(tensorCount, alignment, version, metadata);
    }

    private GgufFile ReadTensorDirectory(long tensorCount, uint alignment, uint version, Dictionary<string, GgufValue> metadata)
    {
        var entries = new List<(string Name, GgmlType Type, long[] Dims, long Elements, long Offset, long Bytes)>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var nextOffset = 0L;
        for (var i = 0L; i < tensorCount; i++)
        {
            var infoOffset = Position;
            var name = ReadString("tensor name", GgufFormat.MaxTensorNameBytes);
            if (!names.Add(name))
            {
                throw Fail($"duplicate tensor name '{name}'", infoOffset);
            }

            var (dims, elements) = ReadDimensions(name);
            var typeOffset = Position;
            var rawType = ReadUInt32($"tensor '{name}' type");
            var layout = GgmlTypeLayout.Of((GgmlType)rawType)
                ?? throw Fail($"tensor '{name}' has unknown ggml type {rawType}", typeOffset);
            if (dims[0] % layout.BlockSize != 0)
            {
                throw Fail($"tensor '{name}' row length {dims[0]} is not a multiple of the {(GgmlType)rawType} block size {layout.BlockSize}", typeOffset);
            }

            var blocks = elements / layout.BlockSize;
            var offsetOffset = Position;
            var offset = ReadUInt64($"tensor '{name}' data offset");
            if (blocks > length / layout.TypeSize || nextOffset + GgufFormat.Align(blocks * layout.TypeSize, alignment) > length)
            {
                throw Fail($"tensor '{name}' ({elements} x {(GgmlType)rawType}) is larger than the whole file ({length} bytes)", typeOffset);
            }

            if (offset % alignment != 0)
            {
                throw Fail($"tensor '{name}' data offset {offset} is not a multiple of the alignment {alignment}", offsetOffset);
            }

            if (offset != (ulong)nextOffset)
            {
                throw Fail($"tensor '{name}' data offset {offset} does not follow the previous tensor (expected {nextOffset})", offsetOffset);
            }

            var bytes = blocks * layout.TypeSize;
            entries.Add((name, (GgmlType)rawType, dims, elements, nextOffset, bytes));
            nextOffset += GgufFormat.Align(bytes, alignment);
        }

        var dataOffset = GgufFormat.Align(Position, alignment);
        if (nextOffset > 0 && dataOffset + nextOffset > length)
        {
            throw Fail($"tensor data ({nextOffset} bytes from offset {dataOffset}) runs past the end of the file ({length} bytes)", dataOffset);
        }

        var tensors = entries.ConvertAll(e => new GgufTensorInfo(e.Name, e.Type, e.Dims, e.Elements, e.Offset, dataOffset + e.Offset, e.Bytes));
        return new GgufFile((int)version, alignment, dataOffset, metadata, tensors);
    }

    // The keys GgufFile's accessors read must have the types they expect, so describing a model never throws later.
    private static uint ValidateKnownKeys(Dictionary<string, GgufValue> metadata, Dictionary<string, long> offsets)
    {
        foreach (var key in (string[])[GgufKeys.Architecture, GgufKeys.Name, GgufKeys.ChatTemplate])
        {
            Expect(key, v => v.Type == GgufValueType.String, "a string");
        }

        var counts = new List<string> { GgufKeys.FileType };
        if (metadata.TryGetValue(GgufKeys.Architecture, out var architecture))
        {
            counts.AddRange(((string[])[GgufKeys.ContextLength, GgufKeys.EmbeddingLength, GgufKeys.BlockCount, GgufKeys.VocabSize])
                .Select(suffix => GgufKeys.ForArchitecture(architecture.AsString(), suffix)));
        }

        foreach (var key in counts)
        {
            Expect(key, IsCount, "a non-negative integer");
        }

        Expect(GgufKeys.Tokens, v => v.Value is GgufArray { ElementType: GgufValueType.String }, "an array of strings");
        Expect(GgufKeys.Alignment, v => v.Value is uint a && a != 0 && (a & (a - 1)) == 0, "a UInt32 power of two");
        return metadata.TryGetValue(GgufKeys.Alignment, out var alignment) ? (uint)alignment.Value : GgufFormat.DefaultAlignment;

        static bool IsCount(GgufValue v) => v.Value is ulong u ? u <= long.MaxValue : v.IsInteger && v.AsInt64() >= 0;

        void Expect(string key, Func<GgufValue, bool> isValid, string wanted)
        {
            if (metadata.TryGetValue(key, out var value) && !isValid(value))
            {
                throw Fail($"metadata '{key}' must be {wanted}, not {value}", offsets[key]);
            }
        }
    }

    private (long[] Dims, long Elements) ReadDimensions(string name)
    {
        var countOffset = Position;
        var count = ReadUInt32($"tensor '{name}' dimension count");
        if (count is 0 or > GgufFormat.MaxDimensions)
        {
            throw Fail($"tensor '{name}' has {count} dimensions; ggml allows 1 to {GgufFormat.MaxDimensions}", countOffset);
        }

        var dims = new long[count];
        var elements = 1L;
        for (var d = 0; d < dims.Length; d++)
        {
            var dimOffset = Position;
            var dim = ReadUInt64($"tensor '{name}' dimension");
            if (dim > long.MaxValue || (dim != 0 && elements > long.MaxValue / (long)dim))
            {
                throw Fail($"tensor '{name}' dimensions overflow a 64-bit element count", dimOffset);
            }

            dims[d] = (long)dim;
            elements *= (long)dim;
        }

        return (dims, elements);
    }

    private GgufValueType ReadValueType()
    {
        var offset = Position;
        var raw = ReadUInt32("value type");
        return raw <= (uint)GgufValueType.Float64 ? (GgufValueType)raw : throw Fail($"unknown metadata value type {raw}", offset);
    }

    private GgufValue ReadValue(GgufValueType type, int depth) => new(type switch
    {
        GgufValueType.UInt8 => ReadPrimitives<byte>(1, type)[0],
        GgufValueType.Int8 => ReadPrimitives<sbyte>(1, type)[0],
        GgufValueType.UInt16 => ReadPrimitives<ushort>(1, type)[0],
        GgufValueType.Int16 => ReadPrimitives<short>(1, type)[0],
        GgufValueType.UInt32 => ReadPrimitives<uint>(1, type)[0],
        GgufValueType.Int32 => ReadPrimitives<int>(1, type)[0],
        GgufValueType.Float32 => ReadPrimitives<float>(1, type)[0],
        GgufValueType.Bool => ReadBools(1)[0],
        GgufValueType.String => ReadString("string value", int.MaxValue),
        GgufValueType.UInt64 => ReadPrimitives<ulong>(1, type)[0],
        GgufValueType.Int64 => ReadPrimitives<long>(1, type)[0],
        GgufValueType.Float64 => ReadPrimitives<double>(1, type)[0],
        _ => ReadArray(depth),
    });

    private GgufArray ReadArray(int depth)
    {
        var offset = Position;
        if (depth >= GgufFormat.MaxArrayDepth)
        {
            throw Fail($"arrays are nested deeper than {GgufFormat.MaxArrayDepth} levels", offset);
        }

        var elementType = ReadValueType();
        var countOffset = Position;
        var count = ReadUInt64("array length");
        if (count > Remaining / (ulong)MinimumSize(elementType))
        {
            throw Fail($"an array of {count} {elementType} items runs past the end of the file ({Remaining} bytes remain)", countOffset);
        }

        if (count > (ulong)Array.MaxLength)
        {
            throw Fail($"an array of {count} {elementType} items is longer than .NET arrays allow", countOffset);
        }

        var n = (int)count;
        return new GgufArray(elementType switch
        {
            GgufValueType.UInt8 => ReadPrimitives<byte>(n, elementType),
            GgufValueType.Int8 => ReadPrimitives<sbyte>(n, elementType),
            GgufValueType.UInt16 => ReadPrimitives<ushort>(n, elementType),
            GgufValueType.Int16 => ReadPrimitives<short>(n, elementType),
            GgufValueType.UInt32 => ReadPrimitives<uint>(n, elementType),
            GgufValueType.Int32 => ReadPrimitives<int>(n, elementType),
            GgufValueType.Float32 => ReadPrimitives<float>(n, elementType),
            GgufValueType.Bool => ReadBools(n),
            GgufValueType.String => ReadStrings(n),
            GgufValueType.UInt64 => ReadPrimitives<ulong>(n, elementType),
            GgufValueType.Int64 => ReadPrimitives<long>(n, elementType),
            GgufValueType.Float64 => ReadPrimitives<double>(n, elementType),
            _ => ReadArrays(n, depth + 1),
        });
    }

    private string[] ReadStrings(int count)
    {
        var items = new string[count];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = ReadString("string array item", int.MaxValue);
        }

        return items;
    }

    private GgufArray[] ReadArrays(int count, int depth)
    {
        var items = new GgufArray[count];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = ReadArray(depth);
        }

        return items;
    }

    private bool[] ReadBools(int count)
    {
        var raw = ReadPrimitives<byte>(count, GgufValueType.Bool);
        return Array.ConvertAll(raw, b => b != 0);
    }

    // GGUF is little-endian, as is every platform .NET runs this on; the bytes go straight into the typed array.
    private T[] ReadPrimitives<T>(int count, GgufValueType type)
        where T : unmanaged
    {
        Need((ulong)count * (ulong)Marshal.SizeOf<T>(), $"{type} value");
        var items = new T[count];
        stream.ReadExactly(MemoryMarshal.AsBytes(items.AsSpan()));
        return items;
    }

    private string ReadString(string what, int maxBytes)
    {
        var offset = Position;
        var byteCount = ReadUInt64($"{what} length");
        if (byteCount > Remaining)
        {
            throw Fail($"{what} length {byteCount} runs past the end of the file ({Remaining} bytes remain)", offset);
        }

        if (byteCount > (ulong)maxBytes)
        {
            throw Fail($"{what} is {byteCount} bytes long; at most {maxBytes} are allowed", offset);
        }

        var bytes = new byte[byteCount];
        stream.ReadExactly(bytes);
        return Encoding.UTF8.GetString(bytes);
    }

    private long ReadCount(string what, ulong minBytesEach)
    {
        var offset = Position;
        var count = ReadUInt64(what);
        if (count > Remaining / minBytesEach)
        {
            throw Fail($"{what} {count} is more than the remaining {Remaining} bytes could hold", offset);
        }

        return (long)count;
    }

    private uint ReadUInt32(string what)
    {
        Need(4, what);
        stream.ReadExactly(scratch, 0, 4);
        return BinaryPrimitives.ReadUInt32LittleEndian(scratch);
    }

    private ulong ReadUInt64(string what)
    {
        Need(8, what);
        stream.ReadExactly(scratch, 0, 8);
        return BinaryPrimitives.ReadUInt64LittleEndian(scratch);
    }

    private void Need(ulong bytes, string what)
    {
        if (bytes > Remaining)
        {
            throw Fail($"unexpected end of file reading the {what} ({bytes} bytes needed, {Remaining} remain)", Position);
        }
    }
}
