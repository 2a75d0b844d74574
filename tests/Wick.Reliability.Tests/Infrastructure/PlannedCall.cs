namespace Wick.Reliability.Tests.Infrastructure;

/// <summary>One planned request against the mock server and what it must answer if no fault touches it.</summary>
internal sealed record PlannedCall(string Prompt, int MaxTokens, bool Stream, string Expected, bool Chat = true)
{
    public string Path => Chat ? "v1/chat/completions" : "v1/completions";

    public string Body => Api.Json(Chat ? Api.Chat(Prompt, MaxTokens, Stream) : Api.Completion(Prompt, MaxTokens, Stream));

    public Task<CallOutcome> SendAsync(HttpClient client, CancellationToken cancellationToken, Action? onFirstToken = null) =>
        Api.PostAsync(client, Path, Body, cancellationToken, onFirstToken);

    /// <summary>Completed with exactly the expected text.</summary>
    public bool IsAnsweredBy(CallOutcome outcome) => outcome.Completed && outcome.Content == Expected;
}
