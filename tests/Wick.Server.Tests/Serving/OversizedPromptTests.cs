using System.Net;
using Wick.Server.Tests.Support;

namespace Wick.Server.Tests.Serving;

/// <summary>Prompts that cannot fit the context are refused from their byte length, before the shared tokenizer thread sees them.</summary>
public sealed class OversizedPromptTests(SharedServer shared)
{
    [Fact(Timeout = 30_000)]
    public async Task A_prompt_too_long_for_any_tokenization_is_refused_before_tokenizing()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = shared.Server.CreateClient();
        var model = shared.Server.Model;
        var prompt = new string('7', 256 * model.Engine.ContextLength + 1);

        Assert.True(model.MinimumTokens(prompt) >= model.Engine.ContextLength);
        var (status, body, _) = await Api.PostAsync(http, "v1/completions", Api.Completion(prompt), ct);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Api.AssertError(body, "invalid_request_error", "context_length_exceeded");
    }

    [Fact(Timeout = 30_000)]
    public async Task The_lower_bound_never_exceeds_the_real_token_count()
    {
        var model = shared.Server.Model;

        foreach (var text in new[] { "2+2=", new string('x', 1000), "<|bos|>héllo wörld ✓" })
        {
            var real = await model.Tokenizer.TokenizeAsync(text, addSpecial: false, TestContext.Current.CancellationToken);
            Assert.InRange(model.MinimumTokens(text), 0, real.Count);
        }
    }
}
