using BenchmarkDotNet.Attributes;
using Wick.Core.Sampling;

namespace Wick.Bench.Micro;

/// <summary>
/// One sampling step of the full chain on a logits row the size of a real vocabulary (32k: llama 2; ~150k: qwen 2.5).
/// Each step first copies a fresh row into the buffer the sampler works on in place; <see cref="CopyRow"/> is that
/// copy alone, to subtract.
/// </summary>
[MemoryDiagnoser]
public class SamplerBenchmarks
{
    private float[] _logits = [];
    private float[] _row = [];
    private ISequenceSampler _greedy = null!;
    private ISequenceSampler _full = null!;
    private ISequenceSampler _nucleus = null!;
    private ISequenceSampler _temperature = null!;
    private ISequenceSampler _greedyLogprobs = null!;

    [Params(32_000, 151_936)]
    public int VocabSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // Logits shaped like a model's: a broad normal body and a handful of clear favourites.
        var random = new Random(42);
        _logits = new float[VocabSize];
        for (var i = 0; i < VocabSize; i++)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            _logits[i] = (float)(2.0 * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }

        for (var i = 0; i < 10; i++)
        {
            _logits[random.Next(VocabSize)] += 8f + (float)random.NextDouble() * 4f;
        }

        _row = new float[VocabSize];
        var vocabulary = new SyntheticVocabulary(VocabSize);
        var prompt = Enumerable.Range(0, 512).Select(_ => random.Next(VocabSize)).ToArray();

        _greedy = SamplerFactory.Create(new SamplingParameters { Temperature = 0f }, prompt, vocabulary);
        _greedyLogprobs = SamplerFactory.Create(new SamplingParameters { Temperature = 0f, Logprobs = true, TopLogprobs = 5 }, prompt, vocabulary);
        _full = SamplerFactory.Create(
            new SamplingParameters
            {
                Temperature = 0.8f, TopK = 40, TopP = 0.95f, MinP = 0.05f, PresencePenalty = 0.5f, FrequencyPenalty = 0.3f,
                RepetitionPenalty = 1.1f, Seed = 1234,
            },
            prompt,
            vocabulary);
        _temperature = SamplerFactory.Create(new SamplingParameters { Temperature = 1f, Seed = 1234 }, prompt, vocabulary);
        _nucleus = SamplerFactory.Create(new SamplingParameters { Temperature = 1f, TopP = 0.9f, Seed = 1234 }, prompt, vocabulary);
    }

    [Benchmark(Baseline = true)]
    public float CopyRow()
    {
        _logits.CopyTo(_row, 0);
        return _row[0];
    }

    [Benchmark]
    public int Greedy()
    {
        _logits.CopyTo(_row, 0);
        return _greedy.Sample(_row).TokenId;
    }

    [Benchmark]
    public int GreedyTop5Logprobs()
    {
        _logits.CopyTo(_row, 0);
        return _greedyLogprobs.Sample(_row).TokenId;
    }

    /// <summary>OpenAI's default request: temperature 1, nothing else, over the whole vocabulary.</summary>
    [Benchmark]
    public int TemperatureOnly()
    {
        _logits.CopyTo(_row, 0);
        return _temperature.Sample(_row).TokenId;
    }

    /// <summary>temperature 0.8, top_k 40, top_p 0.95, min_p 0.05, presence/frequency/repetition penalties, seed.</summary>
    [Benchmark]
    public int FullChainSeeded()
    {
        _logits.CopyTo(_row, 0);
        return _full.Sample(_row).TokenId;
    }

    /// <summary>top_p over the whole vocabulary (no top_k): the partial-selection nucleus search.</summary>
    [Benchmark]
    public int TopPOverWholeVocabulary()
    {
        _logits.CopyTo(_row, 0);
        return _nucleus.Sample(_row).TokenId;
    }
}
