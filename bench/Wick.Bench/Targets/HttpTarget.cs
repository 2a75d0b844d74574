using System.Buffers;
using System.Net;
using System.Text;
using System.Text.Json;
using Wick.Bench.Measurement;

namespace Wick.Bench.Targets;

/// <summary>
/// A Wick (or any OpenAI-compatible) server over real HTTP: streaming <c>POST /v1/completions</c> with
/// <c>ignore_eos</c>, temperature 0 and <c>max_tokens</c> = the output length. Events are timed as their bytes arrive
/// (<see cref="HttpCompletionOption.ResponseHeadersRead"/>, no buffering).
/// <para>With <c>logprobs: 0</c> (the default) the server sends one event per token even when a token has no text —
/// which is most tokens of a random-weight model (its output is mostly padding tokens), so without it time to first
/// token could not be seen. Computing the log-probability costs the server a pass over the logits per token, counted
/// against it.</para>
/// </summary>
internal sealed class HttpTarget : IGenerationTarget
{
    private readonly HttpClient client;
    private readonly string model;
    private readonly bool logprobs;

    private HttpTarget(HttpClient client, string model, bool logprobs)
    {
        this.client = client;
        this.model = model;
        this.logprobs = logprobs;
    }

    public string Name => "wick";

    public Uri BaseAddress => client.BaseAddress!;

    public static async Task<HttpTarget> CreateAsync(Uri baseUrl, bool logprobs, CancellationToken cancellationToken)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 4096,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            AutomaticDecompression = DecompressionMethods.None,
            UseProxy = false,
        };
        var client = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = Timeout.InfiniteTimeSpan };
        try
        {
            var model = await FirstModelAsync(client, cancellationToken).ConfigureAwait(false);
            return new HttpTarget(client, model, logprobs);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>The id of the first model a server lists.</summary>
    public static async Task<string> ModelIdAsync(Uri baseUrl, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
        return await FirstModelAsync(client, cancellationToken).ConfigureAwait(false);
    }

    public async Task RunAsync(string prompt, int outputLength, RequestRecord record, RunClock clock, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(RequestBody(prompt, outputLength));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/completions") { Content = content };
        record.Start = clock.Now;
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            record.End = clock.Now;
            throw new HttpRequestException($"HTTP {(int)response.StatusCode}: {body}");
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            await ReadEventsAsync(stream, record, clock, cancellationToken).ConfigureAwait(false);
        }

        record.End = clock.Now;
    }

    /// <summary>Non-streaming completion at temperature 0: the text and the seconds it took (for the <c>2+2=</c> probe).</summary>
    public async Task<(string Text, double Seconds)> CompleteAsync(string prompt, int maxTokens, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(new Dictionary<string, object> { ["model"] = model, ["prompt"] = prompt, ["max_tokens"] = maxTokens, ["temperature"] = 0 });
        var clock = new RunClock();
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri("v1/completions", UriKind.Relative), content, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var seconds = clock.Now;
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(text);
        return (json.RootElement.GetProperty("choices")[0].GetProperty("text").GetString() ?? string.Empty, seconds);
    }

    public ValueTask DisposeAsync()
    {
        client.Dispose();
        return ValueTask.CompletedTask;
    }

    private static async Task<string> FirstModelAsync(HttpClient client, CancellationToken cancellationToken)
    {
        var text = await client.GetStringAsync(new Uri("v1/models", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        using var json = JsonDocument.Parse(text);
        return json.RootElement.GetProperty("data")[0].GetProperty("id").GetString()
            ?? throw new InvalidOperationException("The server listed a model without an id.");
    }

    private byte[] RequestBody(string prompt, int outputLength)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + prompt.Length);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("model", model);
            json.WriteString("prompt", prompt);
            json.WriteNumber("max_tokens", outputLength);
            json.WriteNumber("temperature", 0);
            json.WriteBoolean("ignore_eos", true);
            json.WriteBoolean("stream", true);
            json.WriteStartObject("stream_options");
            json.WriteBoolean("include_usage", true);
            json.WriteEndObject();
            if (logprobs)
            {
                json.WriteNumber("logprobs", 0);
            }

            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Splits the byte stream into lines; each <c>data:</c> line is one event, timed when its bytes arrived.</summary>
    private async Task ReadEventsAsync(Stream stream, RequestRecord record, RunClock clock, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int filled = 0, seen = 0;
            int? usage = null;
            while (true)
            {
                if (filled == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                var now = clock.Now;
                filled += read;
                var consumed = 0;
                int newline;
                while ((newline = buffer.AsSpan(consumed, filled - consumed).IndexOf((byte)'\n')) >= 0)
                {
                    var line = buffer.AsSpan(consumed, newline);
                    consumed += newline + 1;
                    if (!line.StartsWith("data: "u8))
                    {
                        continue;
                    }

                    var item = SseEventParser.Parse(line["data: "u8.Length..]);
                    if (item.Error is { } error)
                    {
                        throw new HttpRequestException($"stream error: {error}");
                    }

                    if (item.Done)
                    {
                        record.OutputTokens = usage ?? seen;
                        return;
                    }

                    var tokens = logprobs ? item.Tokens : (item.HasText ? 1 : 0);
                    record.AddTokens(now, tokens);
                    seen += tokens;
                    usage = item.CompletionTokens ?? usage;
                    record.PromptTokens = item.PromptTokens ?? record.PromptTokens;
                }

                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;
            }

            throw new HttpRequestException("The stream ended without [DONE].");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
