using System.ClientModel;
using System.Globalization;
using Microsoft.Extensions.AI;
using OpenAI;
using Wick.Server.Tests.Support;

namespace Wick.Server.Tests.Clients;

/// <summary>Microsoft.Extensions.AI's <see cref="IChatClient"/> over the OpenAI SDK against the real server.</summary>
public sealed class ExtensionsAiClientTests(SharedServer shared)
{
    private static readonly string Four = (2 + 2).ToString(CultureInfo.InvariantCulture);

    private IChatClient Client() => new global::OpenAI.Chat.ChatClient(
            shared.Server.Model.Id,
            new ApiKeyCredential("any-key"),
            new OpenAIClientOptions { Endpoint = shared.Server.OpenAIEndpoint })
        .AsIChatClient();

    [Fact(Timeout = 30_000)]
    public async Task GetResponseAsync_answers_2_plus_2_with_4()
    {
        using var client = Client();

        var response = await client.GetResponseAsync("2+2=", new ChatOptions { Temperature = 0, MaxOutputTokens = 8 }, TestContext.Current.CancellationToken);

        Assert.Equal(Four, response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal("2+2=".Length + 1, response.Usage?.InputTokenCount); // byte-level vocabulary plus BOS
    }

    [Fact(Timeout = 30_000)]
    public async Task GetStreamingResponseAsync_answers_2_plus_2_with_4()
    {
        using var client = Client();
        var updates = new List<ChatResponseUpdate>();

        await foreach (var update in client.GetStreamingResponseAsync("2+2=", new ChatOptions { Temperature = 0, MaxOutputTokens = 8 }, TestContext.Current.CancellationToken))
        {
            updates.Add(update);
        }

        var response = updates.ToChatResponse();
        Assert.Equal(Four, response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(ChatRole.Assistant, response.Messages.Single().Role);
    }
}
