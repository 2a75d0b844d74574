using Wick.Training;

namespace Wick.Model.Tests.Training;

public sealed class TinyLlamaModelTests
{
    [Fact]
    public void The_default_shape_has_the_documented_parameter_count_and_tensor_names()
    {
        var layout = new ParameterLayout(TinyLlamaConfig.Default);

        Assert.Equal(164_416, TinyLlamaConfig.Default.ParameterCount);
        Assert.Equal(164_416, layout.Size);
        Assert.Equal(layout.Size, layout.Tensors.Sum(t => t.Length));
        Assert.Equal("token_embd.weight", layout.Tensors[0].Name);
        Assert.Equal("output.weight", layout.Tensors[^1].Name);
        Assert.Equal(2 + (9 * 2) + 1, layout.Tensors.Count);
        var gate = layout.Tensors.Single(t => t.Name == "blk.1.ffn_gate.weight");
        Assert.Equal([64L, 256L], gate.GgmlDimensions);
        Assert.Equal([64L], layout.Tensors.Single(t => t.Name == "output_norm.weight").GgmlDimensions);
    }

    [Theory]
    [InlineData(0, 64, 2, 4, 256)]
    [InlineData(258, 64, 2, 3, 256)]
    [InlineData(258, 12, 2, 4, 256)]
    [InlineData(258, 64, 0, 4, 256)]
    public void Impossible_shapes_are_rejected(int vocab, int embd, int layers, int heads, int ff)
    {
        Assert.Throws<ArgumentException>(() => new TinyLlamaConfig(vocab, embd, layers, heads, ff).Validate());
    }

    [Fact]
    public void Initial_weights_are_seeded_norms_one_and_transposed_copies_match()
    {
        var a = TinyLlamaWeights.Initialize(TinyLlamaConfig.Default, seed: 3);
        var b = TinyLlamaWeights.Initialize(TinyLlamaConfig.Default, seed: 3);

        Assert.Equal(a.Values, b.Values);
        var norm = a.Layout.Tensors.Single(t => t.Name == "blk.0.attn_norm.weight");
        Assert.All(a.Tensor(norm).ToArray(), v => Assert.Equal(1f, v));
        var gate = a.Layout.Tensors.Single(t => t.Name == "blk.0.ffn_gate.weight");
        // Values [out=256, in=64]; Transposed [in=64, out=256].
        Assert.Equal(a.Values[gate.Offset + (5 * 64) + 7], a.Transposed[gate.Offset + (7 * 256) + 5]);
        Assert.Throws<ArgumentException>(() => new TinyLlamaWeights(a.Layout, new float[3]));
    }

    [Fact]
    public void The_forward_pass_is_causal()
    {
        var weights = TinyLlamaWeights.Initialize(TinyLlamaConfig.Default, seed: 3, std: 0.2f);
        var generator = new TinyLlamaGenerator(weights);
        var prompt = ByteTokens.EncodeWithBos("12+34=");

        var prefix = generator.LastLogits(prompt.AsSpan(0, 3));
        var longer = new TinyLlamaGenerator(weights).LastLogits(prompt);

        // The first three positions of the longer prompt see the same inputs, so a fresh prefix run reproduces them;
        // and the logits after more tokens differ.
        Assert.Equal(prefix, generator.LastLogits(prompt.AsSpan(0, 3)));
        Assert.NotEqual(prefix, longer);
    }

    [Fact]
    public void Prompts_are_checked_against_the_vocabulary_and_context()
    {
        var generator = new TinyLlamaGenerator(TinyLlamaWeights.Initialize(TinyLlamaConfig.Default, seed: 3));

        Assert.Throws<ArgumentException>(() => generator.LastLogits([ByteTokens.Bos, 999]));
        Assert.Throws<ArgumentException>(() => generator.LastLogits(new int[65]));
        Assert.Throws<ArgumentException>(() => generator.LastLogits([]));
    }

    [Fact]
    public void Backward_needs_a_training_pack()
    {
        var weights = TinyLlamaWeights.Initialize(TinyLlamaConfig.Default, seed: 3);
        var pass = new LlamaPass(weights.Layout);
        pass.PackPrompt([ByteTokens.Bos, 50]);
        pass.Forward(weights);

        Assert.Throws<InvalidOperationException>(() => pass.Backward(weights, new float[weights.Layout.Size], 1f));
    }

    [Fact]
    public void Greedy_generation_stops_at_the_token_budget_or_the_context()
    {
        // A zero final norm makes every logit 0, so greedy always picks token 0 and never EOS.
        var config = TinyLlamaConfig.Default with { ContextLength = 8 };
        var weights = TinyLlamaWeights.Initialize(config, seed: 3);
        var norm = weights.Layout.Tensors.Single(t => t.Name == "output_norm.weight");
        Array.Clear(weights.Values, norm.Offset, norm.Length);
        weights.RefreshTransposed();
        var generator = new TinyLlamaGenerator(weights);

        Assert.Equal([0, 0], generator.Greedy([ByteTokens.Bos], maxNewTokens: 2));
        Assert.Equal([0, 0], generator.Greedy([ByteTokens.Bos, 49, 50, 51, 52, 53], maxNewTokens: 10));
    }

    [Fact]
    public void ArgMax_picks_the_first_of_equal_maxima()
    {
        Assert.Equal(1, TinyLlamaGenerator.ArgMax([0f, 3f, 3f, -1f]));
        Assert.Equal(0, TinyLlamaGenerator.ArgMax([5f]));
    }
}
