using Wick.Hub.Errors;

namespace Wick.Hub.Tests;

public sealed class ModelReferenceTests
{
    [Theory]
    [InlineData("acme/m-GGUF", "acme/m-GGUF", null, null)]
    [InlineData("acme/m-GGUF:Q4_K_M", "acme/m-GGUF", "Q4_K_M", null)]
    [InlineData("acme/m-GGUF@v1.0", "acme/m-GGUF", null, "v1.0")]
    [InlineData("acme/m.v2_x:sub/m-*.gguf@refs/pr/1", "acme/m.v2_x", "sub/m-*.gguf", "refs/pr/1")]
    [InlineData("  acme/m  ", "acme/m", null, null)]
    public void References_are_parsed(string text, string repo, string? selector, string? revision)
    {
        var reference = ModelReference.Parse(text);

        Assert.Equal(new ModelReference(repo, selector, revision), reference);
        Assert.Equal(text.Trim(), reference.ToString());
    }

    [Fact]
    public void Default_revision_is_main()
    {
        Assert.Equal("main", ModelReference.Parse("a/b").EffectiveRevision);
        Assert.Equal("dev", ModelReference.Parse("a/b@dev").EffectiveRevision);
    }

    [Theory]
    [InlineData("gpt2")]
    [InlineData("a/b/c")]
    [InlineData("a--b/c")]
    [InlineData("a/b..c")]
    [InlineData("-a/b")]
    [InlineData("a/b-")]
    [InlineData("a./b")]
    [InlineData("a/b:")]
    [InlineData("a b/c")]
    [InlineData("")]
    public void Malformed_references_are_rejected_with_the_expected_form(string text)
    {
        var error = Assert.Throws<InvalidModelReferenceException>(() => ModelReference.Parse(text));

        Assert.Contains("owner/repo[:quant or file][@revision]", error.Message, StringComparison.Ordinal);
        Assert.Equal(400, error.HttpStatus);
        Assert.Equal("model", error.Param);
        Assert.Equal("invalid_model_reference", error.Code);
        Assert.Equal("invalid_request_error", error.ErrorType);
    }

    [Theory]
    [InlineData("./m.gguf", true)]
    [InlineData("../m.gguf", true)]
    [InlineData(".\\m.gguf", true)]
    [InlineData("..\\m.gguf", true)]
    [InlineData("~/m.gguf", true)]
    [InlineData("/abs/m.gguf", true)]
    [InlineData("models/m.GGUF", true)]
    [InlineData("acme/m-GGUF", false)]
    [InlineData("acme/m-GGUF:m.gguf", false)]
    public void Local_paths_are_told_from_hub_references(string text, bool local) =>
        Assert.Equal(local, ModelReference.IsLocalPath(text));

    [Fact]
    public void An_existing_file_is_a_local_path_whatever_its_name()
    {
        var path = Path.GetTempFileName();
        try
        {
            Assert.True(ModelReference.IsLocalPath(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
