using CsCheck;
using Wick.Core.Gguf;

namespace Wick.Core.Tests.Gguf;

public sealed class GgufPropertyTests
{
    private static readonly Gen<string> Text =
        Gen.OneOf('a', 'z', '0', ' ', '.', 'é', '✓', '日', '\n', '\0').Array[0, 12].Select(chars => new string(chars));

    private static readonly Gen<object> Scalar = Gen.OneOf(
        Gen.Byte.Select(v => (object)v),
        Gen.SByte.Select(v => (object)v),
        Gen.UShort.Select(v => (object)v),
        Gen.Short.Select(v => (object)v),
        Gen.UInt.Select(v => (object)v),
        Gen.Int.Select(v => (object)v),
        Gen.Float.Select(v => (object)v),
        Gen.Bool.Select(v => (object)v),
        Text.Select(v => (object)v),
        Gen.ULong.Select(v => (object)v),
        Gen.Long.Select(v => (object)v),
        Gen.Double.Select(v => (object)v));

    private static readonly Gen<GgufArray> FlatArray = Gen.OneOf(
        Gen.Byte.Array[0, 6].Select(a => new GgufArray(a)),
        Gen.Short.Array[0, 6].Select(a => new GgufArray(a)),
        Gen.Int.Array[0, 6].Select(a => new GgufArray(a)),
        Gen.Float.Array[0, 6].Select(a => new GgufArray(a)),
        Gen.Bool.Array[0, 6].Select(a => new GgufArray(a)),
        Text.Array[0, 6].Select(a => new GgufArray(a)),
        Gen.ULong.Array[0, 6].Select(a => new GgufArray(a)),
        Gen.Double.Array[0, 6].Select(a => new GgufArray(a)));

    private static readonly Gen<GgufValue> Value = Gen.OneOf(
        Scalar,
        FlatArray.Select(a => (object)a),
        FlatArray.Array[0, 3].Select(a => (object)new GgufArray(a))).Select(v => new GgufValue(v));

    private static readonly Gen<(GgmlType Type, long[] Dims, float[] Data)> Tensor =
        from type in Gen.OneOf(GgmlType.F32, GgmlType.F16, GgmlType.Q8_0, GgmlType.Q4_0)
        from rowLength in type is GgmlType.F32 or GgmlType.F16 ? Gen.Int[1, 40] : Gen.Int[1, 3].Select(b => b * 32)
        from rest in Gen.Int[1, 3].Array[0, 2]
        let dims = new long[] { rowLength }.Concat(rest.Select(r => (long)r)).ToArray()
        from data in Gen.Float[-10f, 10f].Array[(int)dims.Aggregate(1L, (a, b) => a * b)]
        select (type, dims, data);

    [Fact]
    public void Any_metadata_and_tensors_read_back_as_written()
    {
        var files = Gen.Select(Value.Array[0, 8], Tensor.Array[0, 4], Gen.OneOf(1u, 8u, 32u, 64u));

        files.Sample((values, tensors, alignment) =>
        {
            var writer = new GgufWriter(alignment);
            for (var i = 0; i < values.Length; i++)
            {
                writer.Add($"k{i}", values[i]);
            }

            for (var i = 0; i < tensors.Length; i++)
            {
                writer.AddTensor($"t{i}", tensors[i].Type, tensors[i].Dims, tensors[i].Data);
            }

            var bytes = GgufTestFiles.ToBytes(writer);
            var file = GgufTestFiles.Read(bytes);

            Assert.Equal(values.Length + 1, file.Metadata.Count);
            for (var i = 0; i < values.Length; i++)
            {
                GgufAssert.Equal(values[i], file.Metadata[$"k{i}"]);
            }

            Assert.Equal(tensors.Length, file.Tensors.Count);
            for (var i = 0; i < tensors.Length; i++)
            {
                var info = file.Tensors[i];
                Assert.Equal(tensors[i].Type, info.Type);
                Assert.Equal(tensors[i].Dims, info.Dimensions);
                Assert.Equal(0, info.FileOffset % alignment);
                Assert.Equal(Expected(tensors[i].Type, tensors[i].Data), GgufTestFiles.ReadFloats(bytes, file, info.Name));
            }
        }, iter: 200);
    }

    // What the data should decode to: exact for F32, and the codec's own round trip for the lossy types.
    private static float[] Expected(GgmlType type, float[] data)
    {
        var layout = GgmlTypeLayout.Of(type)!.Value;
        var bytes = new byte[data.Length / layout.BlockSize * layout.TypeSize];
        var values = new float[data.Length];
        GgmlCodec.Encode(type, data, bytes);
        GgmlCodec.Decode(type, bytes, values);
        return values;
    }
}
