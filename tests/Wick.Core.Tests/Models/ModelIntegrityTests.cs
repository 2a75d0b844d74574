using Wick.Core.Models;

namespace Wick.Core.Tests.Models;

public sealed class ModelIntegrityTests
{
    private const string AbcSha256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    [Fact]
    public void ComputeSha256_is_lower_case_hex_of_the_file_bytes()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.File("abc.bin");
        File.WriteAllText(path, "abc");

        Assert.Equal(AbcSha256, ModelIntegrity.ComputeSha256(path));
    }

    [Theory]
    [InlineData(AbcSha256)]
    [InlineData("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD")]
    [InlineData(" " + AbcSha256 + "\n")]
    public void VerifySha256_accepts_the_right_hash_in_either_case(string expected)
    {
        using var directory = new TemporaryDirectory();
        var path = directory.File("abc.bin");
        File.WriteAllText(path, "abc");

        ModelIntegrity.VerifySha256(path, expected);
    }

    [Fact]
    public void VerifySha256_mismatch_names_the_path_and_both_hashes()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.File("abc.bin");
        File.WriteAllText(path, "abd");
        var actual = ModelIntegrity.ComputeSha256(path);

        var error = Assert.Throws<ModelIntegrityException>(() => ModelIntegrity.VerifySha256(path, AbcSha256));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(AbcSha256, error.Message, StringComparison.Ordinal);
        Assert.Contains(actual, error.Message, StringComparison.Ordinal);
        Assert.Equal((path, AbcSha256, actual), (error.Path, error.ExpectedSha256, error.ActualSha256));
    }

    [Fact]
    public void VerifySha256_of_a_missing_file_is_an_integrity_failure()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.File("missing.gguf");

        var error = Assert.Throws<ModelIntegrityException>(() => ModelIntegrity.VerifySha256(path, AbcSha256));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Null(error.ActualSha256);
        Assert.Throws<ArgumentException>(() => ModelIntegrity.VerifySha256("", AbcSha256));
        Assert.Throws<ArgumentException>(() => ModelIntegrity.VerifySha256(path, ""));
    }
}
