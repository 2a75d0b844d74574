using Wick.Core.Gguf;

namespace Wick.Core.Tests.Gguf;

/// <summary>Small valid GGUF files used by several test classes.</summary>
internal static class GgufTestFiles
{
    /// <summary>A file with a few metadata types and one tensor of each writable type.</summary>
    public static byte[] Small()
    {
        var writer = new GgufWriter();
        writer.Add(GgufKeys.Architecture, "llama");
        writer.Add("llama.context_length", 64u);
        writer.Add("test.flag", true);
        writer.Add("test.ratio", 0.5f);
        writer.AddArray("test.words", ["a", "bc"]);
        writer.AddArray("test.numbers", [1, -2, 3]);
        writer.AddTensor("f32", GgmlType.F32, [3, 2], Ramp(6));
        writer.AddTensor("f16", GgmlType.F16, [5], Ramp(5));
        writer.AddTensor("q8", GgmlType.Q8_0, [32, 2], Ramp(64));
        writer.AddTensor("q4", GgmlType.Q4_0, [32], Ramp(32));
        return ToBytes(writer);
    }

    public static float[] Ramp(int count) => Enumerable.Range(0, count).Select(i => (i - (count / 2f)) / 7f).ToArray();

    public static byte[] ToBytes(GgufWriter writer)
    {
        using var stream = new MemoryStream();
        writer.WriteTo(stream);
        return stream.ToArray();
    }

    public static GgufFile Read(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        return GgufFile.Read(stream);
    }

    public static float[] ReadFloats(byte[] bytes, GgufFile file, string name)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        return file.ReadTensorFloats(stream, file.GetTensor(name));
    }
}
