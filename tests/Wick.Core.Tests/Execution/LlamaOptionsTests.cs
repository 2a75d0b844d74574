using Wick.Core.Execution;

namespace Wick.Core.Tests.Execution;

public sealed class LlamaOptionsTests
{
    [Fact]
    public void Default_executor_options_are_valid_and_use_every_core()
    {
        var options = new LlamaExecutorOptions();

        options.Validate();

        Assert.Equal((Environment.ProcessorCount, Environment.ProcessorCount), (options.Threads, options.BatchThreads));
        Assert.True(options.Warmup);
        Assert.Equal(999, new LlamaModelOptions().GpuLayerCount);
    }

    public static TheoryData<LlamaExecutorOptions> InvalidOptions() =>
    [
        new LlamaExecutorOptions { ContextSize = 8 },
        new LlamaExecutorOptions { MaxSequences = 0 },
        new LlamaExecutorOptions { BatchSize = 0 },
        new LlamaExecutorOptions { MicroBatchSize = 0 },
        new LlamaExecutorOptions { BatchSize = 64, MicroBatchSize = 128 },
        new LlamaExecutorOptions { Threads = 0 },
        new LlamaExecutorOptions { BatchThreads = 0 },
    ];

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Executor_options_out_of_range_are_refused(LlamaExecutorOptions options) =>
        Assert.Throws<ArgumentOutOfRangeException>(options.Validate);

    [Fact]
    public void A_missing_special_token_has_no_id()
    {
        Assert.Null(LlamaModel.Id(null));
        Assert.Equal(7, LlamaModel.Id(7));
    }

    [Fact]
    public void A_token_piece_larger_than_the_buffer_is_read_again_into_a_buffer_of_the_size_asked_for()
    {
        var piece = Enumerable.Range(0, 100).Select(i => (byte)i).ToArray();
        var calls = 0;

        var read = LlamaVocabulary.ReadPiece(
            destination =>
            {
                calls++;
                if (destination.Length < piece.Length)
                {
                    return -piece.Length;
                }

                piece.CopyTo(destination);
                return piece.Length;
            },
            new byte[8]);

        Assert.Equal(piece, read);
        Assert.Equal(2, calls);
    }
}
