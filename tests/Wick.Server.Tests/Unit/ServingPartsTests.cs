using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Wick.Core.Errors;
using Wick.Core.Execution;
using Wick.Core.Gguf;
using Wick.Core.Sampling;
using Wick.Core.Text;
using Wick.Server.Chat;
using Wick.Server.Configuration;
using Wick.Server.Endpoints;
using Wick.Server.Metrics;
using Wick.Server.OpenAI;
using Wick.Server.Serving;
using Wick.Server.Tests.Support;
using Wick.TestSupport;

namespace Wick.Server.Tests.Unit;

/// <summary>Serving pieces whose rare paths real requests to the tiny model do not reach.</summary>
public sealed class ServingPartsTests(SharedServer shared)
{
    [Theory]
    [InlineData(FinishReason.Stop, "stop")]
    [InlineData(FinishReason.Length, "length")]
    [InlineData(FinishReason.Cancelled, "cancelled")]
    [InlineData(FinishReason.Error, "error")]
    public void Finish_reasons_use_openai_names(FinishReason reason, string wire)
    {
        Assert.Equal(wire, FinishReasons.ToWire(reason));
    }

    [Fact]
    public void Top_logprobs_keep_the_likelier_of_two_tokens_with_the_same_text()
    {
        var vocabulary = new MockVocabulary(200, -1); // tokens t and t + 94 print the same byte

        var top = TokenText.TopLogprobs(vocabulary, [new TokenLogProbability(3, -0.5f), new TokenLogProbability(97, -2f), new TokenLogProbability(4, -3f)]);

        Assert.Equal(new Dictionary<string, double> { ["$"] = -0.5, ["%"] = -3 }, top);
        Assert.Empty(TokenText.TopLogprobs(vocabulary, null));
    }

    [Fact(Timeout = 30_000)]
    public async Task A_prompt_that_tokenizes_to_nothing_is_a_400_naming_the_prompt()
    {
        var served = shared.Server.Model;
        var model = new ServedModel(served.Id, served.Path, served.Description, served.Engine, new NothingTokenizer(), served.Template);
        var service = new GenerationService(model, new WickOptions());
        var plan = new GenerationPlan(null, null, new SamplingParameters(), 1, false, false, null, false);

        var error = await Assert.ThrowsAsync<InvalidParameterException>(() => service.StartAsync(plan, TestContext.Current.CancellationToken));

        Assert.Equal(("prompt", "empty_prompt"), (error.Param, error.Code));
    }

    [Fact(Timeout = 30_000)]
    public async Task A_model_card_for_a_gguf_without_metadata_says_unknown()
    {
        var served = shared.Server.Model;
        var path = Path.Combine(Path.GetTempPath(), $"wick-bare-{Guid.NewGuid():N}.gguf");
        new GgufWriter().WriteTo(path);
        var description = GgufFile.Read(path);
        File.Delete(path);
        var model = new ServedModel("bare", served.Path, description, served.Engine, served.Tokenizer, ChatTemplate.FromGguf(null));
        var info = new InfoEndpoints(model, new Readiness(), new ServerMetrics());
        var http = new DefaultHttpContext { RequestAborted = TestContext.Current.CancellationToken };
        http.Response.Body = new MemoryStream();

        await info.GetModelAsync(http, "bare");

        http.Response.Body.Position = 0;
        using var card = JsonDocument.Parse(http.Response.Body);
        var meta = card.RootElement.GetProperty("meta");
        Assert.Equal("unknown", meta.GetProperty("architecture").GetString());
        Assert.Equal(served.Engine.Vocabulary.Size, meta.GetProperty("vocab_size").GetInt32());
        Assert.Equal(0, meta.GetProperty("context_length").GetInt32());
        Assert.Equal(0, meta.GetProperty("parameters").GetInt64());
    }

    private sealed class NothingTokenizer : IPromptTokenizer
    {
        public ValueTask<IReadOnlyList<int>> TokenizeAsync(string text, bool addSpecial, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<int>>([]);
    }
}
