using Wick.Core.Execution;
using Wick.Core.Execution.Llama;
using Wick.Core.Gguf;
using Wick.Core.Models;

namespace Wick.Model.Tests.Engine;

/// <summary>The real executor against llama.cpp, one seam member at a time.</summary>
[Collection(RealEngineCollection.Name)]
public sealed class LlamaExecutorTests
{
    private readonly SyntheticModel synthetic = SyntheticModels.Ensure("tiny", GgmlType.F32);

    [Fact(Timeout = 120_000)]
    public async Task Executor_exposes_the_byte_level_vocabulary_and_tokenizer()
    {
        var cancellation = TestContext.Current.CancellationToken;
        using var executor = await LlamaExecutor.LoadAsync(new LlamaExecutorOptions(synthetic.Path) { ContextSize = 256, MaxSequences = 2 }, cancellation);

        Assert.Equal([ByteLevelVocabulary.BosId, '2', '+', '2', '='], await executor.TokenizeAsync("2+2=", addSpecial: true, cancellation));
        Assert.Equal(['a'], await executor.TokenizeAsync("a", addSpecial: false, cancellation));
        Assert.Equal(synthetic.Shape.VocabSize, executor.Vocabulary.Size);
        Assert.Equal("2"u8.ToArray(), executor.Vocabulary.GetBytes('2').ToArray());
        Assert.Equal([0xE2], executor.Vocabulary.GetBytes(0xE2).ToArray());
        Assert.True(executor.Vocabulary.GetBytes(ByteLevelVocabulary.BosId).IsEmpty);
        Assert.True(executor.Vocabulary.IsEndOfGeneration(ByteLevelVocabulary.EosId));
        Assert.False(executor.Vocabulary.IsEndOfGeneration('2'));
        Assert.Equal(synthetic.Shape.ContextLength, executor.TrainingContextLength);
    }

    [Fact(Timeout = 120_000)]
    public async Task Executor_decodes_a_batch_and_counts_the_kv_cells_of_each_slot()
    {
        var cancellation = TestContext.Current.CancellationToken;
        using var executor = await LlamaExecutor.LoadAsync(new LlamaExecutorOptions(synthetic.Path) { ContextSize = 256, MaxSequences = 4, BatchSize = 256, ExactNumerics = true, Threads = 2 }, cancellation);
        var prompt = await executor.TokenizeAsync("2+2=", true, cancellation);
        var batch = new StepBatch();
        for (var i = 0; i < prompt.Count; i++)
        {
            batch.Add(0, prompt[i], i, i == prompt.Count - 1);
        }

        var row = batch.Add(2, prompt[0], 0, true);

        Assert.Equal(StepOutcome.Ok, executor.Decode(batch));
        Assert.Equal(synthetic.Shape.VocabSize, executor.GetLogits(prompt.Count - 1).Length);
        Assert.Equal(synthetic.Shape.VocabSize, executor.GetLogits(row).Length);
        Assert.Equal((4, 256, 256), (executor.MaxSequences, executor.KvCapacity, executor.MaxBatchTokens));
        Assert.Equal(6, executor.KvCellsInUse);

        executor.RemoveCells(0, 2);
        Assert.Equal(3, executor.KvCellsInUse);
        executor.RemoveCells(0, 0);
        executor.RemoveCells(2, 0);
        Assert.Equal(0, executor.KvCellsInUse);
    }

    [Fact(Timeout = 120_000)]
    public async Task Executor_maps_llama_cpp_results_to_step_statuses()
    {
        var cancellation = TestContext.Current.CancellationToken;
        using var executor = await LlamaExecutor.LoadAsync(new LlamaExecutorOptions(synthetic.Path) { ContextSize = 256, MaxSequences = 2, BatchSize = 512 }, cancellation);
        var full = new StepBatch();
        for (var i = 0; i < executor.KvCapacity; i++)
        {
            full.Add(0, 'a', i, i == executor.KvCapacity - 1);
        }

        Assert.Equal(StepStatus.Ok, executor.Decode(full).Status);
        Assert.Equal(StepStatus.KvExhausted, executor.Decode(Single(1, 'b', 0)).Status);
        executor.RemoveCells(0, 0);

        var invalid = executor.Decode(Single(1, synthetic.Shape.VocabSize + 10, 0));
        Assert.Equal(StepStatus.Failed, invalid.Status);
        Assert.Contains("InvalidInputBatch", invalid.Detail, StringComparison.Ordinal);

        executor.RequestAbort();
        Assert.Equal(StepStatus.Aborted, executor.Decode(Single(1, 'b', 0)).Status);
        executor.ClearAbort();
        Assert.Equal(StepStatus.Ok, executor.Decode(Single(1, 'b', 0)).Status);
        executor.RemoveCells(1, 0);
        Assert.Equal(0, executor.KvCellsInUse);
    }

    [Fact(Timeout = 120_000)]
    public async Task Executor_sizes_its_context_from_the_model_and_can_be_disposed_twice()
    {
        var executor = await LlamaExecutor.LoadAsync(new LlamaExecutorOptions(synthetic.Path) { MaxSequences = 2 }, TestContext.Current.CancellationToken);

        Assert.True(executor.KvCapacity >= synthetic.Shape.ContextLength * 2);
        Assert.Throws<ArgumentNullException>(() => executor.Decode(null!));
        executor.Dispose();
        executor.Dispose();
    }

    [Fact(Timeout = 120_000)]
    public async Task Loading_checks_its_options_and_reports_a_missing_file()
    {
        var cancellation = TestContext.Current.CancellationToken;

        await Assert.ThrowsAsync<ArgumentNullException>(() => LlamaExecutor.LoadAsync(null!, cancellation));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => LlamaExecutor.LoadAsync(new LlamaExecutorOptions(synthetic.Path) { MaxSequences = 0 }, cancellation));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => LlamaExecutor.LoadAsync(new LlamaExecutorOptions(synthetic.Path) { BatchSize = 0 }, cancellation));
        await Assert.ThrowsAnyAsync<Exception>(() => LlamaExecutor.LoadAsync(new LlamaExecutorOptions(synthetic.Path + ".missing"), cancellation));
    }

    [Fact(Timeout = 120_000)]
    public async Task Tokenizing_with_a_cancelled_token_is_cancelled()
    {
        using var executor = await LlamaExecutor.LoadAsync(new LlamaExecutorOptions(synthetic.Path) { ContextSize = 256, MaxSequences = 1 }, TestContext.Current.CancellationToken);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await executor.TokenizeAsync("x", true, new CancellationToken(canceled: true)));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await executor.TokenizeAsync(null!, true, TestContext.Current.CancellationToken));
    }

    private static StepBatch Single(int slot, int token, int position)
    {
        var batch = new StepBatch(1);
        batch.Add(slot, token, position, true);
        return batch;
    }
}
