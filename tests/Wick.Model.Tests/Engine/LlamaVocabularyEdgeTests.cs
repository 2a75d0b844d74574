using Wick.Core.Errors;
using Wick.Core.Execution.Llama;
using Wick.Core.Gguf;
using Wick.Core.Models;

namespace Wick.Model.Tests.Engine;

/// <summary>Vocabulary and context edge cases of the real executor, on rewritten copies of the shipped model.</summary>
public sealed class LlamaVocabularyEdgeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wick-vocab-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact(Timeout = 60_000)]
    public async Task A_token_longer_than_the_stack_buffer_keeps_all_its_bytes()
    {
        // GPT-2's byte-to-unicode maps byte 0 to 'Ā': 300 of them decode to 300 zero bytes.
        var path = RewriteTinyModel("long-token.gguf", tokens => tokens[0] = new string('Ā', 300));

        using var executor = await LlamaExecutor.LoadAsync(new LlamaExecutorOptions(path) { MaxSequences = 1 }, TestContext.Current.CancellationToken);

        var bytes = executor.Vocabulary.GetBytes(0).ToArray();
        Assert.Equal(300, bytes.Length);
        Assert.All(bytes, b => Assert.Equal(0, b));
        Assert.Equal("4"u8.ToArray(), executor.Vocabulary.GetBytes('4').ToArray());
    }

    [Fact(Timeout = 60_000)]
    public async Task A_kv_cache_larger_than_memory_is_refused_before_llama_cpp_tries_to_allocate_it()
    {
        var options = new LlamaExecutorOptions(ShippedModels.TinyArith.GgufPath) { MaxSequences = 1, ContextSize = int.MaxValue / 2 };

        var error = await Assert.ThrowsAsync<ModelLoadException>(() => LlamaExecutor.LoadAsync(options, TestContext.Current.CancellationToken));

        Assert.Contains("KV cache", error.Message, StringComparison.Ordinal);
        Assert.Contains("--ctx-size", error.Message, StringComparison.Ordinal);
        Assert.Equal((500, "server_error", "model_load_failed"), (error.HttpStatus, error.ErrorType, error.Code));
    }

    private string RewriteTinyModel(string name, Action<string[]> editTokens)
    {
        var source = ShippedModels.TinyArith.GgufPath;
        var gguf = GgufFile.Read(source);
        var writer = new GgufWriter(gguf.Alignment);
        foreach (var (key, value) in gguf.Metadata)
        {
            if (key == GgufKeys.Tokens)
            {
                var tokens = value.AsArray().As<string>().ToArray();
                editTokens(tokens);
                writer.AddArray(key, tokens);
            }
            else if (key != "general.alignment")
            {
                writer.Add(key, value);
            }
        }

        foreach (var tensor in gguf.Tensors)
        {
            writer.AddTensor(tensor.Name, tensor.Type, tensor.Dimensions, gguf.ReadTensorFloats(source, tensor.Name));
        }

        var path = Path.Combine(_folder, name);
        writer.WriteTo(path);
        return path;
    }
}
