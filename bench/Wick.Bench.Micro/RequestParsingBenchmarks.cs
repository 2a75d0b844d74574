using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Wick.Server.OpenAI;

namespace Wick.Bench.Micro;

/// <summary>Reading a request body with Wick's source-generated <see cref="WireJson"/> context, as the endpoints do.</summary>
[MemoryDiagnoser]
public class RequestParsingBenchmarks
{
    private byte[] _chat = [];
    private byte[] _completion = [];

    [GlobalSetup]
    public void Setup()
    {
        var question = string.Concat(Enumerable.Repeat("How many tokens does this sentence take? ", 12));
        _chat = Encoding.UTF8.GetBytes(
            $$"""{"model":"synth-0.5b-q8_0","messages":[{"role":"system","content":"You are a helpful assistant."},{"role":"user","content":"{{question}}"}],"max_tokens":128,"temperature":0.7,"top_p":0.95,"stream":true,"stream_options":{"include_usage":true},"stop":["\n\n"],"seed":1234}""");
        _completion = Encoding.UTF8.GetBytes(
            """{"model":"synth-0.5b-q8_0","prompt":"0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuv","max_tokens":64,"temperature":0,"ignore_eos":true,"stream":true,"stream_options":{"include_usage":true},"logprobs":0}""");
    }

    [Benchmark(Baseline = true)]
    public int ChatCompletionRequest() => JsonSerializer.Deserialize(_chat, WireJson.Default.ChatCompletionRequest)!.Messages!.Count;

    [Benchmark]
    public int CompletionRequest() => JsonSerializer.Deserialize(_completion, WireJson.Default.CompletionRequest)!.MaxTokens ?? 0;
}
