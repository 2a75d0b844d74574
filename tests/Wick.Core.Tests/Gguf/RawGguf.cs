using System.Text;
using Wick.Core.Gguf;

namespace Wick.Core.Tests.Gguf;

/// <summary>Builds GGUF bytes field by field, so tests can write files no well-behaved writer would produce.</summary>
internal sealed class RawGguf
{
    private readonly MemoryStream buffer = new();
    private readonly BinaryWriter writer;

    public RawGguf() => writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true);

    public long Length => buffer.Length;

    /// <summary>Magic, version, tensor count and metadata count.</summary>
    public static RawGguf Header(ulong tensors, ulong keyValues, uint version = 3) =>
        new RawGguf().U32(0x46554747).U32(version).U64(tensors).U64(keyValues);

    public RawGguf U32(uint value)
    {
        writer.Write(value);
        return this;
    }

    public RawGguf U64(ulong value)
    {
        writer.Write(value);
        return this;
    }

    public RawGguf Bytes(params byte[] bytes)
    {
        writer.Write(bytes);
        return this;
    }

    public RawGguf Str(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        return U64((ulong)bytes.Length).Bytes(bytes);
    }

    public RawGguf Key(string key, GgufValueType type) => Str(key).U32((uint)type);

    /// <summary>One tensor directory entry.</summary>
    public RawGguf Tensor(string name, GgmlType type, ulong offset, params ulong[] dims)
    {
        Str(name).U32((uint)dims.Length);
        foreach (var dim in dims)
        {
            U64(dim);
        }

        return U32((uint)type).U64(offset);
    }

    /// <summary>Zero bytes up to the next multiple of <paramref name="alignment"/>.</summary>
    public RawGguf Pad(int alignment = 32) => Bytes(new byte[(int)((alignment - (buffer.Length % alignment)) % alignment)]);

    public byte[] ToArray()
    {
        writer.Flush();
        return buffer.ToArray();
    }
}
