using System.ClientModel;
using System.Globalization;
using OpenAI;
using OpenAI.Chat;
using Wick.Server.Tests.Support;

namespace Wick.Server.Tests.Clients;

/// <summary>The official OpenAI .NET SDK against the real server: what a client application actually runs.</summary>
public sealed class OpenAiDotNetClientTests(SharedServer shared)
{
    // A prompt the tiny model is unsure how to continue (it answers "hello" with EOS at once), so seeds matter.
    private const string UncertainPrompt = "3";

    private static readonly string Four = (2 + 2).ToString(CultureInfo.InvariantCulture);

    private ChatClient Client() => new(
        shared.Server.Model.Id,
        new ApiKeyCredential("any-key"),
        new OpenAIClientOptions { Endpoint = shared.Server.OpenAIEndpoint, NetworkTimeout = TimeSpan.FromSeconds(30) });

    [Fact(Timeout = 30_000)]
    public async Task Chat_completion_answers_2_plus_2_with_4_and_reports_usage()
    {
        var ct = TestContext.Current.CancellationToken;

        ChatCompletion completion = await Client().CompleteChatAsync([new UserChatMessage("2+2=")], new ChatCompletionOptions { Temperature = 0, MaxOutputTokenCount = 8 }, ct);

        Assert.Equal(Four, completion.Content[0].Text);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal(ChatMessageRole.Assistant, completion.Role);
        Assert.Equal(shared.Server.Model.Id, completion.Model);
        Assert.StartsWith("chatcmpl-", completion.Id, StringComparison.Ordinal);
        Assert.Equal("2+2=".Length + 1, completion.Usage.InputTokenCount); // byte-level vocabulary plus BOS
        Assert.True(completion.Usage.OutputTokenCount >= 1);
        Assert.Equal(completion.Usage.InputTokenCount + completion.Usage.OutputTokenCount, completion.Usage.TotalTokenCount);
    }

    [Fact(Timeout = 30_000)]
    public async Task Streamed_chat_completion_answers_2_plus_2_with_4()
    {
        var ct = TestContext.Current.CancellationToken;
        var text = new System.Text.StringBuilder();
        ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;

        await foreach (var update in Client().CompleteChatStreamingAsync([new UserChatMessage("2+2=")], new ChatCompletionOptions { Temperature = 0, MaxOutputTokenCount = 8 }, ct))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            finish = update.FinishReason ?? finish;
            usage = update.Usage ?? usage;
        }

        Assert.Equal(Four, text.ToString());
        Assert.Equal(ChatFinishReason.Stop, finish);
        Assert.NotNull(usage); // the SDK asks for stream_options.include_usage
        Assert.Equal("2+2=".Length + 1, usage.InputTokenCount);
    }

    [Fact(Timeout = 30_000)]
    public async Task Seeded_sampling_at_temperature_1_gives_the_same_text_streamed_and_not()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = Client();
        var texts = new HashSet<string>();
        for (var seed = 1; seed <= 4; seed++)
        {
            var options = new ChatCompletionOptions { Temperature = 1.0f, Seed = seed, MaxOutputTokenCount = 12 };
            ChatCompletion whole = await client.CompleteChatAsync([new UserChatMessage(UncertainPrompt)], options, ct);
            var streamed = new System.Text.StringBuilder();
            await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage(UncertainPrompt)], new ChatCompletionOptions { Temperature = 1.0f, Seed = seed, MaxOutputTokenCount = 12 }, ct))
            {
                foreach (var part in update.ContentUpdate)
                {
                    streamed.Append(part.Text);
                }
            }

            Assert.Equal(whole.Content[0].Text, streamed.ToString());
            texts.Add(streamed.ToString());
        }

        // The seed is what makes them equal: different seeds draw different texts from this uncertain prompt.
        Assert.True(texts.Count > 1, "four seeds all gave the same text: sampling ignores the seed or the temperature");
    }

    [Fact(Timeout = 30_000)]
    public async Task Stop_sequence_ends_the_answer_before_the_stop_text()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = Client();
        ChatCompletion free = await client.CompleteChatAsync([new UserChatMessage("7+8=")], new ChatCompletionOptions { Temperature = 0, MaxOutputTokenCount = 8 }, ct);
        var answer = free.Content[0].Text;
        Assert.True(answer.Length >= 2, $"expected a two-digit sum, got '{answer}'");
        var options = new ChatCompletionOptions { Temperature = 0, MaxOutputTokenCount = 8 };
        options.StopSequences.Add(answer[^1..]);

        ChatCompletion stopped = await client.CompleteChatAsync([new UserChatMessage("7+8=")], options, ct);

        Assert.Equal(answer[..^1], stopped.Content[0].Text);
        Assert.Equal(ChatFinishReason.Stop, stopped.FinishReason);
    }

    [Fact(Timeout = 30_000)]
    public async Task Max_tokens_cuts_the_answer_with_finish_reason_length()
    {
        var ct = TestContext.Current.CancellationToken;

        ChatCompletion cut = await Client().CompleteChatAsync([new UserChatMessage("7+8=")], new ChatCompletionOptions { Temperature = 0, MaxOutputTokenCount = 1 }, ct);

        Assert.Equal(1, cut.Content[0].Text.Length);
        Assert.Equal(ChatFinishReason.Length, cut.FinishReason);
        Assert.Equal(1, cut.Usage.OutputTokenCount);
    }

    [Fact(Timeout = 30_000)]
    public async Task Logprobs_give_each_token_with_its_top_alternatives_streamed_and_not()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = Client();
        var options = new ChatCompletionOptions { Temperature = 0, MaxOutputTokenCount = 8, IncludeLogProbabilities = true, TopLogProbabilityCount = 3 };

        ChatCompletion whole = await client.CompleteChatAsync([new UserChatMessage("7+8=")], options, ct);
        var streamed = new List<ChatTokenLogProbabilityDetails>();
        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("7+8=")], options, ct))
        {
            streamed.AddRange(update.ContentTokenLogProbabilities);
        }

        var tokens = whole.ContentTokenLogProbabilities;
        Assert.Equal(whole.Content[0].Text, string.Concat(tokens.Select(t => t.Token)));
        foreach (var token in tokens)
        {
            Assert.True(token.LogProbability <= 0);
            Assert.Equal(3, token.TopLogProbabilities.Count);
            Assert.Equal(token.Token, token.TopLogProbabilities[0].Token); // greedy picks the likeliest
            Assert.Equal(token.LogProbability, token.TopLogProbabilities[0].LogProbability, 5);
            Assert.True(token.TopLogProbabilities[1].LogProbability <= token.TopLogProbabilities[0].LogProbability);
            Assert.Equal(System.Text.Encoding.UTF8.GetBytes(token.Token), token.Utf8Bytes?.ToArray());
        }

        // Same tokens; the values may differ in the last bits, as other requests share the batch and its arithmetic.
        Assert.Equal(tokens.Select(t => t.Token), streamed.Select(t => t.Token));
        Assert.All(tokens.Zip(streamed), pair => Assert.Equal(pair.First.LogProbability, pair.Second.LogProbability, 1e-4f));
    }
}
