using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Wick.Reliability.Tests.Infrastructure;

namespace Wick.Reliability.Tests.Fuzzing;

/// <summary>
/// Sends generated cases over real HTTP with bounded concurrency on one keep-alive client and checks the contract:
/// a 4xx in OpenAI's error shape, or (for a request that may be valid) a complete 200; never a 5xx, never a dropped
/// connection, never a hang.
/// </summary>
internal static class FuzzRunner
{
    private static readonly UriCreationOptions Raw = new() { DangerousDisablePathAndQueryCanonicalization = true };

    /// <summary>For investigating one finding: <c>WICK_FUZZ_ONLY=kind,!kind</c> sends only (or all but) cases whose kind starts so.</summary>
    private static readonly string[]? Only = Environment.GetEnvironmentVariable("WICK_FUZZ_ONLY")?.Split(',', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Whether <c>WICK_FUZZ_ONLY</c> (kind prefixes; <c>!prefix</c> excludes) lets this kind through.</summary>
    private static bool Selected(string kind)
    {
        if (Only is null)
        {
            return true;
        }

        var include = Only.Where(o => o[0] != '!').ToArray();
        return (include.Length == 0 || include.Any(o => kind.StartsWith(o, StringComparison.Ordinal)))
            && !Only.Where(o => o[0] == '!').Any(o => kind.StartsWith(o[1..], StringComparison.Ordinal));
    }

    public static async Task<FuzzReport> RunAsync(HttpClient client, Uri baseAddress, HostileRequests generator, int count, int parallelism, CancellationToken cancellationToken)
    {
        var report = new FuzzReport();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (index, ct) =>
            {
                var fuzz = generator.Next(index);
                if (Selected(fuzz.Kind))
                {
                    await SendOneAsync(client, baseAddress, index, fuzz, report, ct);
                }
            });
        report.Seconds = clock.Elapsed.TotalSeconds;
        return report;
    }

    private static async Task SendOneAsync(HttpClient client, Uri baseAddress, int index, FuzzCase fuzz, FuzzReport report, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref report.Sent);
        report.Kinds.AddOrUpdate(Family(fuzz.Kind), 1, static (_, n) => n + 1);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var clock = Stopwatch.StartNew();
        try
        {
            using var request = new HttpRequestMessage(fuzz.Method, new Uri(baseAddress.GetLeftPart(UriPartial.Authority) + fuzz.Target, in Raw));
            if (fuzz.Body is not null)
            {
                request.Content = new ByteArrayContent(fuzz.Body);
                // Over-limit bodies ask first, as careful clients do: the server can refuse before the upload.
                request.Headers.ExpectContinue = fuzz.Kind == "over_body_limit";
                if (fuzz.ContentType is not null)
                {
                    request.Content.Headers.TryAddWithoutValidation("Content-Type", fuzz.ContentType);
                }
            }

            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            report.LatenciesMs.Enqueue(clock.Elapsed.TotalMilliseconds);
            var elapsed = clock.Elapsed.TotalMilliseconds;
            report.SlowestMs.AddOrUpdate(Family(fuzz.Kind), elapsed, (_, old) => Math.Max(old, elapsed));
            report.Statuses.AddOrUpdate(status, 1, static (_, n) => n + 1);
            var problem = Judge(fuzz, status, response.Content.Headers.ContentType?.MediaType, body, response.Headers.ConnectionClose == true, report);
            if (problem is not null)
            {
                report.Violations.Enqueue($"#{index} {problem} <- {fuzz.Describe()}");
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            report.Violations.Enqueue($"#{index} no answer within 30 s <- {fuzz.Describe()}");
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            Interlocked.Increment(ref report.Dropped);
            report.Statuses.AddOrUpdate(0, 1, static (_, n) => n + 1);
            report.Violations.Enqueue($"#{index} connection dropped ({ex.GetType().Name}: {ex.Message}) <- {fuzz.Describe()}");
        }
    }

    /// <summary>Null when the response keeps the contract for this case; otherwise what is wrong.</summary>
    private static string? Judge(FuzzCase fuzz, int status, string? mediaType, string body, bool connectionClose, FuzzReport report)
    {
        if (status == 400 && body.Length == 0 && connectionClose && fuzz.MustFail)
        {
            Interlocked.Increment(ref report.KestrelRejections);
            return null;
        }

        if (status is >= 400 and < 500)
        {
            var shape = ErrorShape.Problem(body);
            if (shape is not null)
            {
                return $"{status} without OpenAI error shape: {shape}";
            }

            Count(report, body);
            return fuzz.Valid ? $"a valid request was refused with {status}: {ErrorShape.Clip(body)}" : null;
        }

        if (status == 504 && fuzz.MayTimeOut && ErrorShape.Problem(body) is null && body.Contains("\"deadline_exceeded\"", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref report.DeadlinesMissed);
            Count(report, body);
            return null;
        }

        if (status != 200)
        {
            return $"status {status}: {ErrorShape.Clip(body)}";
        }

        if (fuzz.MustFail)
        {
            return $"an invalid request was accepted (200): {ErrorShape.Clip(body)}";
        }

        return mediaType switch
        {
            "text/event-stream" => JudgeStream(fuzz, body, report),
            "application/json" => JudgeJson(body),
            _ when fuzz.Target.StartsWith("/metrics", StringComparison.Ordinal) => null,
            _ => $"200 with unexpected media type {mediaType}",
        };
    }

    private static string? JudgeStream(FuzzCase fuzz, string body, FuzzReport report)
    {
        var lines = body.Split('\n').Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).Select(l => l[6..]).ToList();
        if (lines.Count == 0 || lines[^1] != "[DONE]")
        {
            return "stream did not end with [DONE]";
        }

        foreach (var data in lines.Take(lines.Count - 1))
        {
            using var document = JsonDocument.Parse(data);
            if (document.RootElement.TryGetProperty("error", out _))
            {
                var code = ErrorShape.Code(document.RootElement);
                if (fuzz.MayTimeOut && code == "deadline_exceeded" && ErrorShape.Problem(document.RootElement) is null)
                {
                    Interlocked.Increment(ref report.DeadlinesMissed);
                    return null;
                }

                return $"stream failed in-band: {data}";
            }
        }

        return null;
    }

    private static string? JudgeJson(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object ? null : "200 body is not a JSON object";
        }
        catch (JsonException ex)
        {
            return $"200 body is not JSON: {ex.Message}";
        }
    }

    private static void Count(FuzzReport report, string body)
    {
        using var document = JsonDocument.Parse(body);
        report.ErrorCodes.AddOrUpdate(ErrorShape.Code(document.RootElement) ?? "(null)", 1, static (_, n) => n + 1);
    }

    private static string Family(string kind)
    {
        var dot = kind.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? kind : kind[..dot];
    }

    public static string Sample(FuzzReport report) => new StringBuilder().AppendJoin("\n", report.Violations.Take(12)).ToString();
}
