using Wick.Core.Certification;
using Wick.Core.Gguf;
using Wick.Core.Models;
using Wick.Server.Configuration;
using Wick.Server.Hosting;

namespace Wick.Certification.Tests;

/// <summary>A certification that cannot fail proves nothing: these models must be refused, with a readable table.</summary>
public sealed class CertificationFailsWhenItShouldTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wick-cert-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static IReadOnlyList<CertificationProbe> TinyProbes =>
        ProbeSet.Load(Path.Combine(Path.GetDirectoryName(ShippedModels.TinyArith.GgufPath)!, "probes.json"));

    [Fact(Timeout = 60_000)]
    public async Task A_different_model_with_the_same_tokenizer_fails_certification()
    {
        var wrong = SyntheticModels.Ensure("tiny", GgmlType.F32, _folder);

        var report = await CertifyAsync(wrong.Path, TestContext.Current.CancellationToken);

        Assert.False(report.Passed);
        Assert.Contains("FAIL", report.ToTable(), StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task The_shipped_model_with_corrupted_weights_fails_certification_and_its_integrity_check()
    {
        var corrupt = Path.Combine(_folder, "tiny-arith-corrupt.gguf");
        File.Copy(ShippedModels.TinyArith.GgufPath, corrupt);
        CorruptTensor(corrupt, "blk.0.ffn_down.weight");

        var integrity = Assert.Throws<ModelIntegrityException>(() => ModelIntegrity.VerifySha256(corrupt, ShippedModels.TinyArith.Manifest.Sha256));
        var report = await CertifyAsync(corrupt, TestContext.Current.CancellationToken);

        Assert.Contains(ShippedModels.TinyArith.Manifest.Sha256, integrity.Message, StringComparison.Ordinal);
        Assert.False(report.Passed);
        Assert.True(report.PassedCount < report.Results.Count / 2, report.ToTable());
    }

    private static async Task<CertificationReport> CertifyAsync(string modelPath, CancellationToken ct)
    {
        await using var model = await WickHost.LoadAsync(new WickOptions { Model = modelPath, MaxSequences = 4 }, loggerFactory: null, ct);
        return await model.CertifyAsync(TinyProbes, TimeSpan.FromSeconds(30), ct);
    }

    /// <summary>Replaces a weight matrix with a shuffled copy of itself: same statistics, wrong function.</summary>
    private static void CorruptTensor(string path, string name)
    {
        var gguf = GgufFile.Read(path);
        var tensor = gguf.GetTensor(name);
        Assert.Equal(GgmlType.F32, tensor.Type);
        using var file = File.Open(path, FileMode.Open, FileAccess.ReadWrite);
        var bytes = gguf.ReadTensorBytes(file, tensor);
        var floats = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes).ToArray();
        new Random(7).Shuffle(floats);
        file.Position = tensor.FileOffset;
        file.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(floats.AsSpan()));
    }
}
