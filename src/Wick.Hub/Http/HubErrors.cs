using System.Net;
using Wick.Core.Errors;
using Wick.Hub.Errors;

namespace Wick.Hub.Http;

/// <summary>Turns a hub error answer into a typed error that names what is missing and what to do. The hub says which
/// thing was not found in <c>X-Error-Code</c> (<c>RepoNotFound</c>, <c>RevisionNotFound</c>, <c>EntryNotFound</c>), and
/// answers 401 rather than 404 for a repository it will not show to an anonymous caller.</summary>
internal static class HubErrors
{
    public static WickException FromResponse(HttpResponseMessage response, Uri endpoint, string repoId, string revision, string? path, bool hasToken)
    {
        var code = Header(response, "X-Error-Code");
        var status = (int)response.StatusCode;
        var hubSays = Header(response, "X-Error-Message") is { } message ? $" (the hub says: {message})" : string.Empty;
        var tokenHint = hasToken
            ? "; if it is private or gated, check that the token in HF_TOKEN has access to it"
            : "; if it is private or gated, set HF_TOKEN to a Hugging Face access token (or run huggingface-cli login)";

        if (code == "RepoNotFound" || (response.StatusCode == HttpStatusCode.NotFound && path is null && code != "RevisionNotFound"))
        {
            return new ModelNotFoundException(
                ModelNotFoundKind.Repository,
                $"Repository '{repoId}' was not found on {endpoint}{tokenHint}{hubSays}.");
        }

        if (code == "RevisionNotFound")
        {
            return new ModelNotFoundException(
                ModelNotFoundKind.Revision,
                $"Revision '{revision}' was not found in repository '{repoId}': check the branch, tag or commit{hubSays}.");
        }

        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return new ModelNotFoundException(
                ModelNotFoundKind.File,
                $"File '{path}' was not found in repository '{repoId}' at revision '{revision}'{hubSays}.");
        }

        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            var what = hasToken
                ? $"The hub refused the token for '{repoId}' ({status}): check that HF_TOKEN holds a valid token and, for a gated model, that you accepted its terms on the model page"
                : $"'{repoId}' requires authentication ({status}): set HF_TOKEN to a Hugging Face access token (or run huggingface-cli login)";
            return new HubAuthenticationException(what + hubSays + ".", status);
        }

        var file = path is null ? string.Empty : $", file '{path}'";
        return new HubUnavailableException(
            $"The hub at {endpoint} answered {status} {response.ReasonPhrase} for '{repoId}' at revision '{revision}'{file}{hubSays}; try again later.");
    }

    public static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
