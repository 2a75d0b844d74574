using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Wick.Hub.Tests.Fakes;

/// <summary>
/// A Hugging Face hub on 127.0.0.1 (real Kestrel, random port) serving in-memory repositories with the protocol subset
/// the client speaks: <c>GET /api/models/{repo}/revision/{rev}?blobs=true</c>, <c>GET|HEAD /{repo}/resolve/{rev}/{path}</c>
/// (LFS files redirect to <c>/cdn/...</c> with <c>X-Linked-Etag</c>/<c>X-Linked-Size</c>; others answer directly with
/// the git sha1 as ETag), Range requests, bearer tokens, the hub's <c>X-Error-Code</c> headers, and per-file faults.
/// Every request is recorded.
/// </summary>
internal sealed class FakeHub : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, FakeRepo> repos = new(StringComparer.Ordinal);

    private FakeHub(WebApplication app)
    {
        this.app = app;
    }

    public Uri Endpoint { get; private set; } = new("http://127.0.0.1/");

    public ConcurrentQueue<HubRequest> Requests { get; } = new();

    /// <summary>The token private repositories accept.</summary>
    public string Token { get; set; } = "hf_test_token";

    /// <summary>Answer unknown repositories with 401 and <c>X-Error-Code: RepoNotFound</c>, as the real hub does for
    /// anonymous callers, instead of 404.</summary>
    public bool UnknownRepoAnswers401 { get; set; }

    /// <summary>Redirect LFS downloads to <c>localhost</c> instead of 127.0.0.1: another host, as a CDN is.</summary>
    public bool CdnOnOtherHost { get; set; }

    /// <summary>Answer listings with this status instead (0: normally).</summary>
    public int ListingStatus { get; set; }

    /// <summary>Replace the listing's body with this text.</summary>
    public string? ListingOverride { get; set; }

    public static async Task<FakeHub> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var hub = new FakeHub(app);
        hub.Map();
        await app.StartAsync(cancellationToken);
        hub.Endpoint = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return hub;
    }

    public FakeRepo AddRepo(string id)
    {
        var repo = new FakeRepo(id);
        repos[id] = repo;
        return repo;
    }

    public IReadOnlyList<HubRequest> RequestsTo(string pathPrefix) =>
        Requests.Where(r => r.Path.StartsWith(pathPrefix, StringComparison.Ordinal)).ToList();

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private void Map()
    {
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            Requests.Enqueue(new HubRequest(request.Method, request.Path.Value ?? string.Empty, request.Headers.Range.FirstOrDefault(), request.Headers.Authorization.FirstOrDefault(), request.Host.Host));
            await next(context);
        });
        app.MapGet("/api/models/{owner}/{name}/revision/{revision}", Listing);
        app.MapMethods("/{owner}/{name}/resolve/{revision}/{**path}", ["GET", "HEAD"], Resolve);
        app.MapGet("/cdn/{owner}/{name}/{sha}", Cdn);
    }

    private async Task Listing(HttpContext context, string owner, string name, string revision)
    {
        if (Find(context, owner, name, revision) is not var (repo, commit))
        {
            return;
        }

        if (ListingStatus != 0)
        {
            context.Response.StatusCode = ListingStatus;
            return;
        }

        if (ListingOverride is not null)
        {
            await context.Response.WriteAsync(ListingOverride);
            return;
        }

        var siblings = new JsonArray();
        foreach (var file in repo.Files.Values.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            var sibling = new JsonObject { ["rfilename"] = file.Path };
            if (!file.OmitMetadata)
            {
                sibling["size"] = file.PublishedSize;
                sibling["blobId"] = file.GitSha1;
                if (file.Lfs)
                {
                    sibling["lfs"] = new JsonObject { ["sha256"] = file.EtagOverride ?? file.Sha256, ["size"] = file.PublishedSize, ["pointerSize"] = 134 };
                }
            }

            siblings.Add(sibling);
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(new JsonObject { ["id"] = repo.Id, ["sha"] = commit, ["siblings"] = siblings }.ToJsonString());
    }

    private async Task Resolve(HttpContext context, string owner, string name, string revision, string path)
    {
        if (Find(context, owner, name, revision) is not var (repo, commit))
        {
            return;
        }

        var response = context.Response;
        response.Headers["X-Repo-Commit"] = commit;
        if (!repo.Files.TryGetValue(path, out var file) || file.Vanished)
        {
            Error(context, 404, "EntryNotFound", $"{path} does not exist on \"{revision}\"");
            return;
        }

        if (file.RedirectLoop)
        {
            response.StatusCode = 302;
            response.Headers.Location = context.Request.Path.Value;
            return;
        }

        var etag = file.EtagOverride ?? file.Etag;
        if (file.Lfs)
        {
            if (!file.OmitEtagHeaders)
            {
                response.Headers["X-Linked-Etag"] = $"\"{etag}\"";
                response.Headers["X-Linked-Size"] = file.PublishedSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            var host = CdnOnOtherHost ? $"http://localhost:{Endpoint.Port}" : string.Empty;
            response.StatusCode = 302;
            response.Headers.Location = $"{host}/cdn/{repo.Id}/{file.Sha256}";
            return;
        }

        if (!file.OmitEtagHeaders)
        {
            response.Headers.ETag = $"W/\"{etag}\"";
        }

        if (HttpMethods.IsHead(context.Request.Method))
        {
            response.ContentLength = file.Content.Length;
            return;
        }

        await ServeBytes(context, file);
    }

    private async Task Cdn(HttpContext context, string owner, string name, string sha)
    {
        var file = repos.TryGetValue($"{owner}/{name}", out var repo) ? repo.Files.Values.FirstOrDefault(f => f.Sha256 == sha) : null;
        if (file is null)
        {
            context.Response.StatusCode = 404;
            return;
        }

        await ServeBytes(context, file);
    }

    /// <summary>Finds the repository and commit, answering 401/404 with the hub's error headers when it cannot.</summary>
    private (FakeRepo Repo, string Commit)? Find(HttpContext context, string owner, string name, string revision)
    {
        var id = $"{owner}/{name}";
        if (!repos.TryGetValue(id, out var repo))
        {
            Error(context, UnknownRepoAnswers401 ? 401 : 404, "RepoNotFound", "Repository not found");
            return null;
        }

        if (repo.Private && context.Request.Headers.Authorization.FirstOrDefault() != $"Bearer {Token}")
        {
            Error(context, repo.DeniedStatus, null, $"Access to model {id} is restricted. You must have access to it and be authenticated to access it.");
            return null;
        }

        if (repo.ResolveRevision(revision) is not { } commit)
        {
            Error(context, 404, "RevisionNotFound", $"Invalid rev id: {revision}");
            return null;
        }

        return (repo, commit);
    }

    private static void Error(HttpContext context, int status, string? code, string message)
    {
        context.Response.StatusCode = status;
        if (code is not null)
        {
            context.Response.Headers["X-Error-Code"] = code;
        }

        context.Response.Headers["X-Error-Message"] = message;
    }

    private static async Task ServeBytes(HttpContext context, FakeFile file)
    {
        file.CountGet();
        var response = context.Response;
        if (file.TakeFailure())
        {
            response.StatusCode = file.FailStatus;
            return;
        }

        var content = file.Content.ToArray();
        if (file.Corrupt)
        {
            content[content.Length / 2] ^= 0xFF;
        }

        if (file.TrailingGarbage)
        {
            content = [.. content, .. new byte[1000]];
        }

        var start = 0;
        var range = context.Request.GetTypedHeaders().Range;
        if (range is not null && !file.IgnoreRange)
        {
            start = (int)(range.Ranges.First().From ?? 0);
            if (start >= content.Length)
            {
                response.StatusCode = 416;
                response.Headers.ContentRange = $"bytes */{content.Length}";
                return;
            }

            var claimed = file.WrongRange ? 0 : start;
            response.StatusCode = 206;
            if (!file.OmitContentRange)
            {
                response.Headers.ContentRange = $"bytes {claimed}-{content.Length - 1}/{content.Length}";
            }
        }

        var body = content.AsMemory(start);
        response.ContentLength = body.Length;
        if (file.TakeCut() && file.CutAfterBytes < body.Length)
        {
            await response.Body.WriteAsync(body[..file.CutAfterBytes]);
            await response.Body.FlushAsync();
            await file.BeforeCut().WaitAsync(context.RequestAborted);
            context.Abort();
            return;
        }

        if (file.TakeStall() && file.StallAfterBytes < body.Length)
        {
            await response.Body.WriteAsync(body[..file.StallAfterBytes]);
            await response.Body.FlushAsync();
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }

        var pause = file.TakePause();
        if (pause >= 0 && pause < body.Length)
        {
            await response.Body.WriteAsync(body[..pause]);
            await response.Body.FlushAsync();
            file.Paused.TrySetResult();
            await file.Resume.Task.WaitAsync(context.RequestAborted);
            await response.Body.WriteAsync(body[pause..]);
            return;
        }

        await response.Body.WriteAsync(body);
    }
}
