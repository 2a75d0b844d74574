using Wick.Core.Execution;
using Wick.Core.Gguf;
using Wick.Core.Models;

namespace Wick.Model.Tests.Engine;

[Collection(RealEngineCollection.Name)]
public sealed class LlamaExecutorTests : IDisposable
{
    private readonly SyntheticModel synthetic = SyntheticModels.Ensure("tiny", GgmlType.F32);
    private readonly LlamaModel model;

    public LlamaExecutorTests() => model = LlamaModel.Load(synthetic.Path, new LlamaModelOptions { GpuLayerCount = 0 }, logger: null);

    public void Dispose() => model.Dispose();

    [Fact]
    public void Model_exposes_the_byte_level_vocabulary_special_tokens_metadata_and_tokenizer()
    {
        Assert.Equal([ByteLevelVocabulary.BosId, '2', '+', '2', '='], model.Tokenize("2+2=", addBos: true, parseSpecial: false));
        Assert.Equal(['a'], model.Tokenize("a", addBos: false, parseSpecial: false));
        Assert.Equal((ByteLevelVocabulary.BosId, ByteLevelVocabulary.EosId, true), (model.BosToken, model.EosToken, model.AddsBosToken));
        Assert.Equal(synthetic.Shape.ContextLength, model.TrainedContextLength);
        Assert.Equal("llama", model.Metadata["general.architecture"]);
        Assert.Equal(synthetic.Shape.VocabSize, model.Vocabulary.Size);
        Assert.Equal("2"u8.ToArray(), model.Vocabulary.GetBytes('2').ToArray());
        Assert.Equal([0xE2], model.Vocabulary.GetBytes(0xE2).ToArray());
        Assert.True(model.Vocabulary.GetBytes(ByteLevelVocabulary.BosId).IsEmpty);
        Assert.True(model.Vocabulary.IsEndOfGeneration(ByteLevelVocabulary.EosId));
        Assert.False(model.Vocabulary.IsEndOfGeneration('2'));
        Assert.Throws<ArgumentNullException>(() => model.Tokenize(null!, true, false));
        Assert.Throws<ArgumentException>(() => LlamaModel.Load(""));
    }

    [Fact]
    public void Executor_decodes_a_batch_and_tracks_kv_cells_per_slot()
    {
        using var executor = model.CreateExecutor(new LlamaExecutorOptions { ContextSize = 256, MaxSequences = 4, BatchSize = 256, MicroBatchSize = 256, Warmup = false });
        var batch = new StepBatch();
        var prompt = model.Tokenize("2+2=", true, false);
        for (var i = 0; i < prompt.Length; i++)
        {
            batch.Add(0, prompt[i], i, i == prompt.Length - 1);
        }

        var row = batch.Add(2, prompt[0], 0, true);

        Assert.Equal(StepOutcome.Ok, executor.Decode(batch));
        Assert.Equal(model.Vocabulary.Size, executor.GetLogits(prompt.Length - 1).Length);
        Assert.Equal(model.Vocabulary.Size, executor.GetLogits(row).Length);
        Assert.Equal((4, 256, 256), (executor.MaxSequences, executor.KvCapacity, executor.MaxBatchTokens));
        Assert.Same(model.Vocabulary, executor.Vocabulary);
        Assert.Equal(6, executor.KvCellsInUse);

        executor.RemoveCells(0, 2);
        Assert.Equal(3, executor.KvCellsInUse);
        executor.RemoveCells(0, 0);
        executor.RemoveCells(2, 0);
        Assert.Equal(0, executor.KvCellsInUse);
    }

    [Fact]
    public void Executor_maps_llama_cpp_results_to_step_statuses()
    {
        using var executor = model.CreateExecutor(new LlamaExecutorOptions { ContextSize = 256, MaxSequences = 2, BatchSize = 512, MicroBatchSize = 512 });
        Assert.Equal(0, executor.KvCellsInUse);

        var full = new StepBatch();
        for (var i = 0; i < executor.KvCapacity; i++)
        {
            full.Add(0, 'a', i, i == executor.KvCapacity - 1);
        }

        Assert.Equal(StepStatus.Ok, executor.Decode(full).Status);
        Assert.Equal(StepStatus.KvExhausted, executor.Decode(Single(1, 'b', 0)).Status);
        executor.RemoveCells(0, 0);

        var invalid = executor.Decode(Single(1, model.Vocabulary.Size + 10, 0));
        Assert.Equal(StepStatus.Failed, invalid.Status);
        Assert.Contains("InvalidInputBatch", invalid.Detail, StringComparison.Ordinal);

        executor.RequestAbort();
        Assert.Equal(StepStatus.Aborted, executor.Decode(Single(1, 'b', 0)).Status);
        executor.ClearAbort();
        Assert.Equal(StepStatus.Ok, executor.Decode(Single(1, 'b', 0)).Status);
        executor.RemoveCells(1, 0);
        Assert.Equal(0, executor.KvCellsInUse);
    }

    [Fact]
    public void Executor_with_default_options_can_be_disposed_twice()
    {
        var executor = model.CreateExecutor();

        Assert.Equal(new LlamaExecutorOptions().MaxSequences, executor.MaxSequences);
        Assert.Equal(0, executor.KvCellsInUse);
        executor.Dispose();
        executor.Dispose();
    }

    private static StepBatch Single(int slot, int token, int position)
    {
        var batch = new StepBatch(1);
        batch.Add(slot, token, position, true);
        return batch;
    }
}
