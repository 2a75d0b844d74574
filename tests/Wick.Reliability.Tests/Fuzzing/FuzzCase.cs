namespace Wick.Reliability.Tests.Fuzzing;

/// <summary>
/// One generated request. <see cref="MustFail"/>: the request is certainly invalid, so a 200 is a bug.
/// <see cref="Valid"/>: the request is certainly valid, so anything but a complete 200 is a bug. Neither: 200 or a
/// 4xx in OpenAI's shape. <see cref="MayTimeOut"/>: it asked for a deadline it may miss (504 deadline_exceeded is fine).
/// </summary>
internal sealed record FuzzCase(
    string Kind,
    HttpMethod Method,
    string Target,
    string? ContentType,
    byte[]? Body,
    bool MustFail = false,
    bool Valid = false,
    bool MayTimeOut = false)
{
    public string Describe()
    {
        var body = Body is null ? "(none)" : System.Text.Encoding.UTF8.GetString(Body.AsSpan(0, Math.Min(Body.Length, 400)));
        return $"{Kind} {Method} {Target} [{ContentType}] {Body?.Length ?? 0} bytes: {body}";
    }
}
