using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Wick.Hub.Errors;

namespace Wick.Hub.Http;

/// <summary>
/// The subset of the Hugging Face hub protocol that downloads need, as <c>huggingface_hub</c> speaks it:
/// <c>GET {endpoint}/api/models/{repo}/revision/{rev}?blobs=true</c> for the commit and file list with sizes and sha256,
/// <c>{endpoint}/{repo}/resolve/{commit}/{path}</c> for the bytes (answered directly or by a redirect to a CDN; the ETag
/// headers carry the blob's hash), <c>Authorization: Bearer</c> only towards the hub itself, and <c>Range</c> to resume.
/// </summary>
internal sealed class HubClient : IDisposable
{
    private const int MaxRedirects = 10;
    private readonly HttpClient http;
    private readonly HubOptions options;

    public HubClient(HubOptions options)
    {
        this.options = options;
        // Redirects are followed by hand so the token never leaves the hub's host (LFS files redirect to a CDN).
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(30),
        };
        http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.UserAgent.ParseAdd("wick/1.0");
    }

    public async Task<RepoRevision> GetRevisionAsync(string repoId, string revision, CancellationToken cancellationToken)
    {
        var uri = Url($"api/models/{repoId}/revision/{Uri.EscapeDataString(revision)}?blobs=true");
        using var response = await SendAsync(HttpMethod.Get, uri, offset: 0, followRedirects: true, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw HubErrors.FromResponse(response, options.Endpoint, repoId, revision, path: null, options.Token is not null);
        }

        RevisionInfo? info;
        try
        {
            var json = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            info = JsonSerializer.Deserialize(json, HubApiJsonContext.Default.RevisionInfo);
        }
        catch (JsonException e)
        {
            throw new HubUnavailableException($"The hub at {options.Endpoint} sent a file list for '{repoId}' at revision '{revision}' that is not the expected JSON: {e.Message}", e);
        }

        if (info?.Sha is not { Length: > 0 } commit)
        {
            throw new HubUnavailableException($"The hub at {options.Endpoint} sent no commit hash for '{repoId}' at revision '{revision}'; is HF_ENDPOINT a Hugging Face hub?");
        }

        var files = (info.Siblings ?? [])
            .Select(s => s.Lfs?.Sha256 is { } sha
                ? new RemoteFile(s.Rfilename, sha.ToLowerInvariant(), s.Lfs.Size ?? s.Size)
                : new RemoteFile(s.Rfilename, s.BlobId?.ToLowerInvariant(), s.BlobId is null ? null : s.Size))
            .ToList();
        return new RepoRevision(repoId, revision, commit, files);
    }

    /// <summary>Fills in a file's ETag and size from the headers of a HEAD on its resolve URL (for hubs whose listing
    /// lacks them): <c>X-Linked-Etag</c>/<c>X-Linked-Size</c> for LFS files, else <c>ETag</c>/<c>Content-Length</c>.</summary>
    public async Task<RemoteBlob> CompleteAsync(string repoId, string commit, RemoteFile file, CancellationToken cancellationToken)
    {
        if (file is { Etag: { } knownEtag, Size: { } knownSize })
        {
            return new RemoteBlob(knownEtag, knownSize);
        }

        using var response = await SendAsync(HttpMethod.Head, ResolveUrl(repoId, commit, file.Path), offset: 0, followRedirects: false, cancellationToken).ConfigureAwait(false);
        if ((int)response.StatusCode >= 400)
        {
            throw HubErrors.FromResponse(response, options.Endpoint, repoId, commit, file.Path, options.Token is not null);
        }

        var etag = NormalizeEtag(HubErrors.Header(response, "X-Linked-Etag") ?? response.Headers.ETag?.Tag);
        var size = long.TryParse(HubErrors.Header(response, "X-Linked-Size"), out var linked) ? linked : response.Content.Headers.ContentLength;
        return etag is not null && size is { } length
            ? new RemoteBlob(etag, length)
            : throw new ModelIntegrityMismatchException(
                $"The hub at {options.Endpoint} published no ETag or size for '{file.Path}' in '{repoId}' at {commit}, so the download could not be verified.");
    }

    /// <summary>Starts a download of a file's bytes from <paramref name="offset"/> on. The caller reads the body and
    /// disposes the response; it is 200 (whole file), 206 (from offset) or 416 (offset past the end). Hub errors throw.</summary>
    public async Task<HttpResponseMessage> GetFileAsync(string repoId, string commit, string path, long offset, CancellationToken cancellationToken)
    {
        var response = await SendAsync(HttpMethod.Get, ResolveUrl(repoId, commit, path), offset, followRedirects: true, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            return response;
        }

        using (response)
        {
            throw HubErrors.FromResponse(response, options.Endpoint, repoId, commit, path, options.Token is not null);
        }
    }

    public void Dispose() => http.Dispose();

    /// <summary>Strips the weak marker and quotes from an ETag header value, and lower-cases the hex.</summary>
    internal static string? NormalizeEtag(string? etag) =>
        etag is null ? null : (etag.StartsWith("W/", StringComparison.Ordinal) ? etag[2..] : etag).Trim('"').ToLowerInvariant();

    /// <summary>The token goes only to the hub's own scheme, host and port, never to a CDN a redirect points at.</summary>
    internal static bool IsSameOrigin(Uri a, Uri b) =>
        Uri.Compare(a, b, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

    private Uri ResolveUrl(string repoId, string commit, string path) =>
        Url($"{repoId}/resolve/{Uri.EscapeDataString(commit)}/{string.Join('/', path.Split('/').Select(Uri.EscapeDataString))}");

    private Uri Url(string relative) => new(options.Endpoint.AbsoluteUri.TrimEnd('/') + "/" + relative);

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri uri, long offset, bool followRedirects, CancellationToken cancellationToken)
    {
        for (var hop = 0; ; hop++)
        {
            using var request = new HttpRequestMessage(method, uri);
            if (options.Token is not null && IsSameOrigin(uri, options.Endpoint))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Token);
            }

            if (offset > 0)
            {
                request.Headers.Range = new RangeHeaderValue(offset, null);
            }

            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                throw new HubUnavailableException(
                    $"Could not reach the hub at {options.Endpoint} ({e.Message}): check the network and HF_ENDPOINT, or set HF_HUB_OFFLINE=1 to use only cached models.", e);
            }

            var status = (int)response.StatusCode;
            if (!followRedirects || status < 300 || status > 399 || response.Headers.Location is not { } location)
            {
                return response;
            }

            response.Dispose();
            if (hop == MaxRedirects)
            {
                throw new HubUnavailableException($"The hub at {options.Endpoint} redirected {uri} more than {MaxRedirects} times.");
            }

            uri = new Uri(uri, location);
        }
    }
}
