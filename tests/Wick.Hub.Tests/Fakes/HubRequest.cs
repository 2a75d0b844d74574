namespace Wick.Hub.Tests.Fakes;

/// <summary>One request the fake hub received.</summary>
internal sealed record HubRequest(string Method, string Path, string? Range, string? Authorization, string Host);
