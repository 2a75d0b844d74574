using System.Numerics.Tensors;
using LLama;
using LLama.Native;
using Wick.Bench.Measurement;
using Wick.Core.Execution;

namespace Wick.Bench.Baselines;

/// <summary>
/// The ceiling: the same batched decode straight through LLamaSharp's low-level API, with no HTTP, scheduler, sampler
/// object, text or channel. Requests run in waves of <c>concurrency</c> sequences on one context: the prompts are
/// prefilled together (batches of at most <see cref="ContextSettings.BatchSize"/> tokens, logits on each prompt's
/// last token), then every step decodes one token per sequence in one <see cref="LLamaBatch"/>; the next token is
/// the argmax of the logits with end-of-generation tokens masked (what Wick does at temperature 0 with
/// <c>ignore_eos</c>). Runs on its own thread; nothing else decodes meanwhile.
/// </summary>
internal sealed class RawEngineRunner : IDisposable
{
    private readonly LLamaWeights weights;
    private readonly LLamaContext context;
    private readonly ContextSettings settings;
    private readonly int[] banned;

    private RawEngineRunner(LLamaWeights weights, LLamaContext context, ContextSettings settings)
    {
        this.weights = weights;
        this.context = context;
        this.settings = settings;
        var vocab = weights.NativeHandle.Vocab;
        banned = new[] { vocab.EOS, vocab.EOT }.OfType<LLamaToken>().Select(t => (int)t).Distinct().ToArray();
    }

    public static RawEngineRunner Load(ContextSettings settings)
    {
        NativeRuntime.Initialize();
        var parameters = settings.ToModelParams();
        var weights = LLamaWeights.LoadFromFile(parameters);
        try
        {
            return new RawEngineRunner(weights, weights.CreateContext(parameters), settings);
        }
        catch
        {
            weights.Dispose();
            throw;
        }
    }

    /// <summary>Runs every prompt (waves of <paramref name="concurrency"/>) on a dedicated thread.</summary>
    public Task<List<RequestRecord>> RunAsync(IReadOnlyList<string> prompts, int concurrency, int outputLength, Action<RequestRecord>? onDone, CancellationToken cancellationToken)
    {
        var result = new TaskCompletionSource<List<RequestRecord>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                result.TrySetResult(Run(prompts, concurrency, outputLength, onDone, cancellationToken));
            }
            catch (Exception ex)
            {
                result.TrySetException(ex);
            }
        })
        { IsBackground = true, Name = "raw-engine" };
        thread.Start();
        return result.Task;
    }

    public void Dispose()
    {
        context.Dispose();
        weights.Dispose();
    }

    private List<RequestRecord> Run(IReadOnlyList<string> prompts, int concurrency, int outputLength, Action<RequestRecord>? onDone, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(concurrency, settings.Sequences);
        var tokenized = prompts.Select(p => weights.NativeHandle.Tokenize(p, true, false, System.Text.Encoding.UTF8)).ToArray();
        var records = new List<RequestRecord>(prompts.Count);
        var clock = new RunClock();
        var batch = new LLamaBatch();
        for (var first = 0; first < prompts.Count; first += concurrency)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var wave = Enumerable.Range(first, Math.Min(concurrency, prompts.Count - first))
                .Select(i => new RawSequence(i - first, tokenized[i], new RequestRecord(i) { PromptTokens = tokenized[i].Length }))
                .ToArray();
            var start = clock.Now;
            foreach (var sequence in wave)
            {
                sequence.Record.Start = start;
            }

            Prefill(batch, wave, clock);
            for (var step = 1; step < outputLength; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                batch.Clear();
                foreach (var sequence in wave)
                {
                    sequence.Row = batch.Add(sequence.Next, sequence.Position++, (LLamaSeqId)sequence.Slot, true);
                }

                Decode(batch);
                var now = clock.Now;
                foreach (var sequence in wave)
                {
                    sequence.Next = Argmax(sequence.Row);
                    sequence.Record.AddTokens(now, 1);
                }
            }

            var end = clock.Now;
            foreach (var sequence in wave)
            {
                sequence.Record.End = end;
                sequence.Record.OutputTokens = outputLength;
                context.NativeHandle.MemorySequenceRemove((LLamaSeqId)sequence.Slot, -1, -1);
                records.Add(sequence.Record);
                onDone?.Invoke(sequence.Record);
            }
        }

        return records;
    }

    /// <summary>All prompts of the wave in as few decodes as the batch size allows; a prompt may span two batches.</summary>
    private void Prefill(LLamaBatch batch, RawSequence[] wave, RunClock clock)
    {
        batch.Clear();
        var finishing = new List<RawSequence>();
        foreach (var sequence in wave)
        {
            var tokens = sequence.Prompt;
            for (var i = 0; i < tokens.Length; i++)
            {
                if (batch.TokenCount == settings.BatchSize)
                {
                    FlushPrefill(batch, finishing, clock);
                }

                var last = i == tokens.Length - 1;
                var row = batch.Add(tokens[i], i, (LLamaSeqId)sequence.Slot, last);
                if (last)
                {
                    sequence.Row = row;
                    sequence.Position = tokens.Length;
                    finishing.Add(sequence);
                }
            }
        }

        FlushPrefill(batch, finishing, clock);
    }

    private void FlushPrefill(LLamaBatch batch, List<RawSequence> finishing, RunClock clock)
    {
        if (batch.TokenCount == 0)
        {
            return;
        }

        Decode(batch);
        var now = clock.Now;
        foreach (var sequence in finishing)
        {
            sequence.Next = Argmax(sequence.Row);
            sequence.Record.AddTokens(now, 1);
        }

        finishing.Clear();
        batch.Clear();
    }

    private void Decode(LLamaBatch batch)
    {
        var result = context.NativeHandle.Decode(batch);
        if (result != DecodeResult.Ok)
        {
            throw new InvalidOperationException($"llama_decode failed: {result}");
        }
    }

    private LLamaToken Argmax(int row)
    {
        var logits = context.NativeHandle.GetLogitsIth(row);
        foreach (var token in banned)
        {
            logits[token] = float.NegativeInfinity;
        }

        return (LLamaToken)TensorPrimitives.IndexOfMax<float>(logits);
    }

    private sealed class RawSequence(int slot, LLamaToken[] prompt, RequestRecord record)
    {
        public int Slot { get; } = slot;

        public LLamaToken[] Prompt { get; } = prompt;

        public RequestRecord Record { get; } = record;

        public int Row { get; set; }

        public int Position { get; set; }

        public LLamaToken Next { get; set; }
    }
}
