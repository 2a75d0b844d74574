using System.Buffers;
using System.Runtime.InteropServices;
using Wick.Core.Errors;
using Wick.Core.Text;

namespace Wick.Core.Sampling;

/// <summary>
/// The sampling chain of one sequence: logit_bias → penalties → ignore_eos mask → greedy argmax (temperature 0), or
/// temperature → top_k → top_p → min_p → a draw from the sequence's own seeded stream.
/// <para>
/// Log-probabilities (when the request asks for them; otherwise NaN, which saves a pass over the vocabulary for greedy)
/// come from the distribution the token was actually drawn from, after every transform. For greedy, which draws from
/// nothing, they are the log-softmax of the processed logits (after bias, penalties and the mask, at temperature 1), so
/// they still say how sure the model was. Top alternatives are the most likely tokens of that same distribution, and
/// never include tokens it gives zero probability (so there may be fewer than asked for).
/// </para>
/// Scratch buffers come from <see cref="ArrayPool{T}"/> per call, so an idle sequence holds no vocabulary-sized memory
/// and a step allocates nothing unless top alternatives are asked for.
/// </summary>
internal sealed class SequenceSampler : ISequenceSampler
{
    private readonly int _vocabSize;
    private readonly float _temperature;
    private readonly int _topK;
    private readonly float _topP;
    private readonly float _minP;
    private readonly float _presencePenalty;
    private readonly float _frequencyPenalty;
    private readonly float _repetitionPenalty;
    private readonly bool _logprobs;
    private readonly int _topLogprobs;
    private readonly int[] _biasIds;
    private readonly float[] _biasValues;
    private readonly int[] _maskedIds;

    // Distinct tokens of prompt + output, for the repetition penalty; null when it is off.
    private readonly HashSet<int>? _seen;

    // Output token counts, for presence and frequency penalties; null when both are off.
    private readonly Dictionary<int, int>? _generatedCounts;
    private readonly Xoshiro256StarStar _random;

    public SequenceSampler(SamplingParameters parameters, IReadOnlyList<int> promptTokens, ITokenVocabulary vocabulary, ulong seed)
    {
        _vocabSize = vocabulary.Size;
        _temperature = parameters.Temperature;
        _topK = parameters.TopK < _vocabSize ? parameters.TopK : 0;
        _topP = parameters.TopP;
        _minP = parameters.MinP;
        _presencePenalty = parameters.PresencePenalty;
        _frequencyPenalty = parameters.FrequencyPenalty;
        _repetitionPenalty = parameters.RepetitionPenalty;
        _logprobs = parameters.Logprobs;
        _topLogprobs = parameters.Logprobs ? parameters.TopLogprobs : 0;
        _random = new Xoshiro256StarStar(seed);

        var bias = parameters.LogitBias ?? new Dictionary<int, float>();
        _biasIds = [.. bias.Keys.Order()];
        _biasValues = [.. _biasIds.Select(id => bias[id])];
        _maskedIds = parameters.IgnoreEos ? [.. Enumerable.Range(0, _vocabSize).Where(vocabulary.IsEndOfGeneration)] : [];

        if (_repetitionPenalty != 1f)
        {
            _seen = [];
            foreach (var token in promptTokens)
            {
                _seen.Add(CheckTokenId(token, nameof(promptTokens)));
            }
        }

        if (_presencePenalty != 0f || _frequencyPenalty != 0f)
        {
            _generatedCounts = [];
        }
    }

    public SampledToken Sample(Span<float> logits)
    {
        var max = Process(logits);
        var sampled = _temperature == 0f ? SampleGreedy(logits, max) : SampleStochastic(logits, max);
        Remember(sampled.TokenId);
        return sampled;
    }

    /// <summary>
    /// For tests: the distribution a temperature &gt; 0 step would draw from (token, probability), without drawing or
    /// remembering anything. Tokens of zero probability are left out.
    /// </summary>
    internal IReadOnlyList<(int TokenId, double Probability)> DescribeDistribution(ReadOnlySpan<float> logits)
    {
        if (_temperature == 0f)
        {
            throw new InvalidOperationException("Greedy sampling draws from no distribution.");
        }

        var row = logits.ToArray();
        var max = Process(row);
        using var scratch = NewScratch();
        var candidates = BuildDistribution(row, max, scratch);
        var result = new List<(int, double)>();
        for (var i = 0; i < candidates.Count; i++)
        {
            if (candidates.Weights[i] > 0f)
            {
                result.Add((candidates.IdAt(i), candidates.Weights[i] / candidates.Total));
            }
        }

        return result;
    }

    /// <summary>Applies bias, penalties and the mask in place, then cleans the row; returns its largest logit.</summary>
    private float Process(Span<float> logits)
    {
        if (logits.Length != _vocabSize)
        {
            throw new ArgumentException($"Expected {_vocabSize} logits, got {logits.Length}.", nameof(logits));
        }

        for (var i = 0; i < _biasIds.Length; i++)
        {
            // -100 is OpenAI's "ban": make it exact, so a banned token can never be drawn, at any temperature.
            var bias = _biasValues[i];
            logits[_biasIds[i]] = bias <= -100f ? float.NegativeInfinity : logits[_biasIds[i]] + bias;
        }

        if (_seen is not null)
        {
            foreach (var id in _seen)
            {
                // llama.cpp: shrink toward "less likely" whichever side of zero the logit is on.
                ref var logit = ref logits[id];
                logit = logit <= 0f ? logit * _repetitionPenalty : logit / _repetitionPenalty;
            }
        }

        if (_generatedCounts is not null)
        {
            foreach (var (id, count) in _generatedCounts)
            {
                logits[id] -= (count * _frequencyPenalty) + _presencePenalty;
            }
        }

        foreach (var id in _maskedIds)
        {
            logits[id] = float.NegativeInfinity;
        }

        var max = LogitMath.SanitizeAndMax(logits);
        if (float.IsNegativeInfinity(max))
        {
            throw new SamplingFailedException("No token can be sampled: every logit is NaN or -inf after logit_bias, penalties and ignore_eos.");
        }

        return max;
    }

    private SampledToken SampleGreedy(ReadOnlySpan<float> logits, float max)
    {
        var tokenId = LogitMath.IndexOfFirst(logits, max);
        if (!_logprobs)
        {
            return new SampledToken(tokenId, float.NaN);
        }

        var rented = ArrayPool<float>.Shared.Rent(_vocabSize);
        var weights = rented.AsSpan(0, _vocabSize);
        LogitMath.ScaledExp(logits, max, 1f, weights);
        var logTotal = Math.Log(LogitMath.Sum(weights));
        ArrayPool<float>.Shared.Return(rented);

        TokenLogProbability[]? top = null;
        if (_topLogprobs > 0)
        {
            Span<int> best = stackalloc int[SamplingParameters.MaxTopLogprobs];
            var count = TopSelection.SelectTop(logits, _topLogprobs, best);
            var found = 0;
            while (found < count && !float.IsNegativeInfinity(logits[best[found]]))
            {
                found++;
            }

            top = new TokenLogProbability[found];
            for (var i = 0; i < found; i++)
            {
                top[i] = new TokenLogProbability(best[i], (float)(logits[best[i]] - max - logTotal));
            }
        }

        return new SampledToken(tokenId, (float)-logTotal, top);
    }

    private SampledToken SampleStochastic(ReadOnlySpan<float> logits, float max)
    {
        using var scratch = NewScratch();
        var candidates = BuildDistribution(logits, max, scratch);
        var chosen = LogitMath.Draw(candidates.Weights[..candidates.Count], _random.NextDouble() * candidates.Total);
        var tokenId = candidates.IdAt(chosen);
        if (!_logprobs)
        {
            return new SampledToken(tokenId, float.NaN);
        }

        var logTotal = Math.Log(candidates.Total);
        TokenLogProbability[]? top = null;
        if (_topLogprobs > 0)
        {
            // The heaviest candidates; zero weights (dropped or underflowed) sort last and are left out.
            var weights = candidates.Weights[..candidates.Count];
            Span<int> best = stackalloc int[SamplingParameters.MaxTopLogprobs];
            var count = TopSelection.SelectTop(weights, _topLogprobs, best);
            var found = 0;
            while (found < count && weights[best[found]] > 0f)
            {
                found++;
            }

            top = new TokenLogProbability[found];
            for (var i = 0; i < found; i++)
            {
                var id = candidates.IdAt(best[i]);
                top[i] = new TokenLogProbability(id, (float)(Scaled(logits[id], max) - logTotal));
            }
        }

        return new SampledToken(tokenId, (float)(Scaled(logits[tokenId], max) - logTotal), top);
    }

    /// <summary>Temperature → top_k → top_p → min_p, as unnormalized weights (the most likely token weighs about 1).</summary>
    private Candidates BuildDistribution(ReadOnlySpan<float> logits, float max, Scratch scratch)
    {
        var weights = scratch.Weights;
        var ids = scratch.Ids;
        Candidates candidates;
        if (_topK > 0)
        {
            var count = TopSelection.SelectTop(logits, _topK, ids);
            for (var i = 0; i < count; i++)
            {
                weights[i] = logits[ids[i]];
            }

            LogitMath.ScaledExp(weights[..count], max, _temperature, weights[..count]);
            var total = 0.0;
            for (var i = 0; i < count; i++)
            {
                // Summed in candidate order, the order top_p accumulates in, so a prefix can always reach p × total.
                total += weights[i];
            }

            candidates = new Candidates(weights[..count], ids[..count], true, count, total);
        }
        else
        {
            LogitMath.ScaledExp(logits, max, _temperature, weights);
            candidates = new Candidates(weights, default, false, _vocabSize, LogitMath.Sum(weights));
        }

        if (_topP < 1f)
        {
            candidates = candidates.IsCompact ? TrimToNucleus(candidates) : SelectNucleus(candidates, scratch);
        }

        if (_minP > 0f)
        {
            candidates = ApplyMinP(logits, max, candidates);
        }

        return candidates;
    }

    /// <summary>top_p over best-first candidates: keep the shortest prefix whose weight reaches p of the total.</summary>
    private Candidates TrimToNucleus(Candidates candidates)
    {
        // The total was summed in this same order and p <= 1, so the prefix sum reaches p × total by the last entry.
        var target = _topP * candidates.Total;
        var cumulative = (double)candidates.Weights[0];
        var count = 1;
        while (cumulative < target)
        {
            cumulative += candidates.Weights[count++];
        }

        return candidates with { Count = count, Total = cumulative };
    }

    /// <summary>top_p over the whole vocabulary: a linear-time selection, compacted into the scratch's own buffers.</summary>
    private Candidates SelectNucleus(Candidates all, Scratch scratch)
    {
        var ids = scratch.Ids;
        var count = NucleusSelection.Select(all.Weights, _topP * all.Total, ids, scratch.Members);
        var weights = scratch.CompactWeights;
        var total = 0.0;
        for (var i = 0; i < count; i++)
        {
            weights[i] = all.Weights[ids[i]];
            total += weights[i];
        }

        return new Candidates(weights[..count], ids[..count], true, count, total);
    }

    /// <summary>
    /// min_p: drop every candidate under min_p × the largest probability. Compared in log space, (x - max) / T against
    /// ln(min_p), so it does not lean on the vectorized exp giving exactly 1 for the top token (it gives 1 ± 1 ulp).
    /// </summary>
    private Candidates ApplyMinP(ReadOnlySpan<float> logits, float max, Candidates candidates)
    {
        var threshold = Math.Log(_minP);
        var weights = candidates.Weights;
        if (!candidates.IsCompact)
        {
            for (var i = 0; i < weights.Length; i++)
            {
                if (Scaled(logits[i], max) < threshold)
                {
                    weights[i] = 0f;
                }
            }

            return candidates with { Total = LogitMath.Sum(weights) };
        }

        var ids = candidates.Ids;
        var kept = 0;
        var total = 0.0;
        for (var i = 0; i < candidates.Count; i++)
        {
            if (Scaled(logits[ids[i]], max) >= threshold)
            {
                weights[kept] = weights[i];
                ids[kept++] = ids[i];
                total += weights[i];
            }
        }

        return new Candidates(weights[..kept], ids[..kept], true, kept, total);
    }

    // top_p over the whole vocabulary needs two more buffers; only then are they rented.
    private Scratch NewScratch() => new(_vocabSize, _topK == 0 && _topP < 1f);

    private double Scaled(float logit, float max) => (logit - max) / _temperature;

    private void Remember(int tokenId)
    {
        _seen?.Add(tokenId);
        if (_generatedCounts is not null)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(_generatedCounts, tokenId, out _)++;
        }
    }

    private int CheckTokenId(int tokenId, string paramName) =>
        (uint)tokenId < (uint)_vocabSize
            ? tokenId
            : throw new ArgumentOutOfRangeException(paramName, tokenId, $"Token id outside the vocabulary [0, {_vocabSize}).");

    /// <summary>
    /// The candidates a draw is made from: unnormalized weights and, when compact, the token id of each; when not
    /// compact the weights cover the whole vocabulary and the index is the token id.
    /// </summary>
    private readonly ref struct Candidates(Span<float> weights, Span<int> ids, bool isCompact, int count, double total)
    {
        public Span<float> Weights { get; } = weights;

        public Span<int> Ids { get; } = ids;

        public bool IsCompact { get; } = isCompact;

        public int Count { get; init; } = count;

        public double Total { get; init; } = total;

        public int IdAt(int index) => IsCompact ? Ids[index] : index;
    }

    /// <summary>Vocabulary-sized scratch rented for one step and returned at its end (a struct: no allocation per step).</summary>
    private readonly struct Scratch : IDisposable
    {
        private readonly int _size;
        private readonly float[] _weights;
        private readonly int[] _ids;
        private readonly int[]? _members;
        private readonly float[]? _compactWeights;

        public Scratch(int size, bool forNucleus)
        {
            _size = size;
            _weights = ArrayPool<float>.Shared.Rent(size);
            _ids = ArrayPool<int>.Shared.Rent(size);
            if (forNucleus)
            {
                _members = ArrayPool<int>.Shared.Rent(size);
                _compactWeights = ArrayPool<float>.Shared.Rent(size);
            }
        }

        // Rented arrays may be longer than asked for: hand out exactly the vocabulary size.
        public Span<float> Weights => _weights.AsSpan(0, _size);

        public Span<int> Ids => _ids.AsSpan(0, _size);

        public Span<int> Members => _members.AsSpan(0, _size);

        public Span<float> CompactWeights => _compactWeights.AsSpan(0, _size);

        public void Dispose()
        {
            ArrayPool<float>.Shared.Return(_weights);
            ArrayPool<int>.Shared.Return(_ids);
            if (_members is not null)
            {
                ArrayPool<int>.Shared.Return(_members);
            }

            if (_compactWeights is not null)
            {
                ArrayPool<float>.Shared.Return(_compactWeights);
            }
        }
    }
}
