using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Wick.Core.Execution;
using Wick.Core.Gguf;
using Wick.Server;
using Wick.Server.Chat;
using Wick.Server.Configuration;
using Wick.Server.Serving;
using Wick.TestSupport;

namespace Wick.Reliability.Tests.Infrastructure;

/// <summary>
/// The real HTTP server (Kestrel on 127.0.0.1, the real engine) in front of the scripted <see cref="MockExecutor"/>, so
/// faults can be injected at any step while clients talk HTTP. The mock model is deterministic: <see cref="Expected"/>
/// is what a greedy request must answer.
/// </summary>
internal sealed class MockHttpServer : IAsyncDisposable
{
    public const string ModelId = "mock";

    private readonly WebApplication app;

    private MockHttpServer(MockExecutor mock, InferenceEngine engine, ByteTokenizer tokenizer, WebApplication app, Uri baseAddress)
    {
        Mock = mock;
        Engine = engine;
        Tokenizer = tokenizer;
        this.app = app;
        BaseAddress = baseAddress;
        Client = Api.CreateClient(baseAddress, 256);
    }

    public MockExecutor Mock { get; }

    public InferenceEngine Engine { get; }

    public ByteTokenizer Tokenizer { get; }

    public Uri BaseAddress { get; }

    /// <summary>A keep-alive client for this server (256 connections).</summary>
    public HttpClient Client { get; }

    public static async Task<MockHttpServer> StartAsync(
        CancellationToken cancellationToken,
        MockExecutorOptions? mockOptions = null,
        Func<EngineOptions, EngineOptions>? engineOptions = null,
        Action<WickOptions>? configure = null)
    {
        var mock = new MockExecutor(mockOptions ?? new MockExecutorOptions { MaxSequences = 8, KvCapacity = 4096, MaxBatchTokens = 512 });
        var options = new EngineOptions
        {
            MaxRunningSequences = mock.MaxSequences,
            StepTokenBudget = 512,
            PrefillChunk = 256,
            StepTimeout = TimeSpan.FromSeconds(30),
            QueueWaitTimeout = TimeSpan.FromSeconds(60),
        };
        var engine = new InferenceEngine(mock, engineOptions?.Invoke(options) ?? options);
        var tokenizer = new ByteTokenizer();
        var path = RepoPaths.TinyModel;
        var served = new ServedModel(ModelId, path, GgufFile.Read(path), engine, tokenizer, ChatTemplate.For(ChatTemplateFamily.UserContentOnly));
        var wick = new WickOptions { Port = 0, DrainTimeoutSeconds = 5 };
        configure?.Invoke(wick);
        var readiness = new Readiness();
        var app = WickServer.Build(wick, served, readiness, logging => logging.SetMinimumLevel(LogLevel.None));
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            await engine.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        readiness.MarkReady();
        return new MockHttpServer(mock, engine, tokenizer, app, new Uri(app.Urls.First() + "/"));
    }

    /// <summary>What greedy decoding of <paramref name="prompt"/> answers for <paramref name="maxTokens"/> tokens.</summary>
    public string Expected(string prompt, int maxTokens)
    {
        var tokens = Mock.Continue(ByteTokenizer.Encode(prompt), maxTokens);
        return string.Concat(tokens.Select(t => System.Text.Encoding.ASCII.GetString(Mock.MockVocabulary.GetBytes(t))));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
        await Engine.DisposeAsync().ConfigureAwait(false);
    }
}
