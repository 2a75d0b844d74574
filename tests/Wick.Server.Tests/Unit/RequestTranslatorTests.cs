using System.Text.Json;
using Wick.Server.Chat;
using Wick.Server.Errors;
using Wick.Server.OpenAI;

namespace Wick.Server.Tests.Unit;

public sealed class RequestTranslatorTests
{
    private static readonly ChatTemplate ChatMl = ChatTemplate.For(ChatTemplateFamily.ChatMl);

    private static T Parse<T>(string json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info) => JsonSerializer.Deserialize(json, info)!;

    private static GenerationPlan Chat(string json) => RequestTranslator.FromChat(Parse(json, WireJson.Default.ChatCompletionRequest), ChatMl);

    private static GenerationPlan Completion(string json) => RequestTranslator.FromCompletion(Parse(json, WireJson.Default.CompletionRequest));

    [Fact]
    public void Chat_maps_every_sampling_field()
    {
        var plan = Chat("""
            {"messages":[{"role":"developer","content":"sys"},{"role":"user","content":"hi"}],
             "temperature":0.5,"top_p":0.9,"top_k":7,"min_p":0.1,"seed":42,"presence_penalty":0.3,"frequency_penalty":-0.4,
             "repetition_penalty":1.2,"logit_bias":{"50":-100,"7":2.5},"max_completion_tokens":9,"stop":"\n","ignore_eos":true,
             "logprobs":true,"top_logprobs":4,"n":2,"stream":true,"stream_options":{"include_usage":true},"timeout":1.5,"user":"u"}
            """);

        Assert.Equal("<|im_start|>system\nsys<|im_end|>\n<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n", plan.PromptText);
        Assert.Null(plan.PromptTokens);
        var s = plan.Sampling;
        Assert.Equal((0.5f, 0.9f, 7, 0.1f, 42L), (s.Temperature, s.TopP, s.TopK, s.MinP, s.Seed.GetValueOrDefault()));
        Assert.Equal((0.3f, -0.4f, 1.2f), (s.PresencePenalty, s.FrequencyPenalty, s.RepetitionPenalty));
        Assert.Equal(new Dictionary<int, float> { [50] = -100f, [7] = 2.5f }, s.LogitBias);
        Assert.Equal(9, s.MaxTokens);
        Assert.Equal(["\n"], s.Stop);
        Assert.True(s.IgnoreEos);
        Assert.True(s.Logprobs);
        Assert.Equal(4, s.TopLogprobs);
        Assert.Equal((2, true, true, TimeSpan.FromSeconds(1.5), false), (plan.Choices, plan.Stream, plan.IncludeUsage, plan.Timeout.GetValueOrDefault(), plan.Echo));
    }

    [Fact]
    public void Chat_defaults_follow_openai()
    {
        var plan = Chat("""{"messages":[{"role":"user","content":null},{"role":"assistant"},{"role":"tool","content":"x"}]}""");

        var s = plan.Sampling;
        Assert.Equal((1f, 1f, 0, 0f, (long?)null), (s.Temperature, s.TopP, s.TopK, s.MinP, s.Seed));
        Assert.Equal((0f, 0f, 1f), (s.PresencePenalty, s.FrequencyPenalty, s.RepetitionPenalty));
        Assert.Null(s.LogitBias);
        Assert.Null(s.MaxTokens); // chat: as long as the context allows
        Assert.Null(s.Stop);
        Assert.False(s.Logprobs);
        Assert.Equal((1, false, false, (TimeSpan?)null), (plan.Choices, plan.Stream, plan.IncludeUsage, plan.Timeout));
        Assert.Contains("<|im_start|>user\n<|im_end|>", plan.PromptText, StringComparison.Ordinal);
    }

    [Fact]
    public void Equal_max_tokens_and_max_completion_tokens_are_accepted()
    {
        Assert.Equal(5, Chat("""{"messages":[{"role":"user","content":"a"}],"max_tokens":5,"max_completion_tokens":5}""").Sampling.MaxTokens);
        Assert.Equal(6, Chat("""{"messages":[{"role":"user","content":"a"}],"max_tokens":6}""").Sampling.MaxTokens);
    }

    [Theory]
    [InlineData("""{"messages":[{"content":"a"}]}""", "messages[0].role")]
    [InlineData("""{"messages":[{"role":"user","content":[{"type":"text"}]}]}""", "messages[0].content[0]")]
    [InlineData("""{"messages":[{"role":"user","content":[{"type":"text","text":1}]}]}""", "messages[0].content[0]")]
    [InlineData("""{"messages":[{"role":"user","content":[{"type":1,"text":"a"}]}]}""", "messages[0].content[0]")]
    [InlineData("""{"messages":[{"role":"user","content":[{"text":"a"}]}]}""", "messages[0].content[0]")]
    [InlineData("""{"messages":[{"role":"user","content":["a"]}]}""", "messages[0].content[0]")]
    [InlineData("""{"messages":[{"role":"user","content":[{"type":"text","text":"a"},{"type":"image_url"}]}]}""", "messages[0].content[1]")]
    [InlineData("""{"messages":[{"role":"user","content":{"text":"a"}}]}""", "messages[0].content")]
    [InlineData("""{"messages":[{"role":"user","content":"a"}],"timeout":0}""", "timeout")]
    [InlineData("""{"messages":[{"role":"user","content":"a"}],"timeout":1e300}""", "timeout")]
    [InlineData("""{"messages":[{"role":"user","content":"a"}],"stop":[null]}""", "stop")]
    [InlineData("""{"messages":[{"role":"user","content":"a"}],"stop":{"a":1}}""", "stop")]
    [InlineData("""{"messages":[{"role":"user","content":"a"}],"logit_bias":{"-1":1}}""", "logit_bias")]
    public void Malformed_chat_fields_are_rejected_naming_the_parameter(string json, string param)
    {
        var error = Assert.Throws<HttpErrorException>(() => Chat(json));

        Assert.Equal(400, error.HttpStatus);
        Assert.Equal(param, error.Param);
    }

    [Fact]
    public void Completion_defaults_to_16_tokens_and_maps_echo_and_logprobs()
    {
        var plain = Completion("""{"prompt":"2+2="}""");
        var rich = Completion("""{"prompt":"2+2=","echo":true,"logprobs":3,"max_tokens":2,"stop":["a","b"],"best_of":1,"suffix":""}""");

        Assert.Equal(("2+2=", 16, false, false), (plain.PromptText, plain.Sampling.MaxTokens.GetValueOrDefault(), plain.Echo, plain.Sampling.Logprobs));
        Assert.Equal((2, true, true, 3), (rich.Sampling.MaxTokens.GetValueOrDefault(), rich.Echo, rich.Sampling.Logprobs, rich.Sampling.TopLogprobs));
        Assert.Equal(["a", "b"], rich.Sampling.Stop);
    }

    [Theory]
    [InlineData("""{"prompt":[50]}""", new[] { 50 })]
    [InlineData("""{"prompt":[1,2,3]}""", new[] { 1, 2, 3 })]
    [InlineData("""{"prompt":[[4,5]]}""", new[] { 4, 5 })]
    public void Token_prompts_pass_through_as_ids(string json, int[] tokens)
    {
        var plan = Completion(json);

        Assert.Null(plan.PromptText);
        Assert.Equal(tokens, plan.PromptTokens);
    }

    [Fact]
    public void A_one_element_text_array_is_the_text()
    {
        Assert.Equal("abc", Completion("""{"prompt":["abc"]}""").PromptText);
    }

    [Theory]
    [InlineData("""{"prompt":[1.5]}""")]
    [InlineData("""{"prompt":[[1],[2]]}""")]
    [InlineData("""{"prompt":[true]}""")]
    [InlineData("""{"prompt":null}""")]
    [InlineData("""{}""")]
    public void Malformed_prompts_are_rejected(string json)
    {
        Assert.Equal("prompt", Assert.Throws<HttpErrorException>(() => Completion(json)).Param);
    }

    [Fact]
    public void Null_requests_are_programming_errors()
    {
        Assert.Throws<ArgumentNullException>(() => RequestTranslator.FromChat(null!, ChatMl));
        Assert.Throws<ArgumentNullException>(() => RequestTranslator.FromChat(new ChatCompletionRequest(), null!));
        Assert.Throws<ArgumentNullException>(() => RequestTranslator.FromCompletion(null!));
    }
}
