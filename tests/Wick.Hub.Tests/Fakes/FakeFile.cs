using System.Security.Cryptography;
using System.Text;

namespace Wick.Hub.Tests.Fakes;

/// <summary>A file in a fake repository, with the faults it injects into the transfers of its bytes.</summary>
internal sealed class FakeFile
{
    private int cutsLeft;
    private int stallsLeft;
    private int failuresLeft;
    private int byteGets;
    private int pauseAfterBytes = -1;

    public FakeFile(string path, byte[] content, bool lfs)
    {
        Path = path;
        Content = content;
        Lfs = lfs;
        Sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
        GitSha1 = Convert.ToHexStringLower(SHA1.HashData([.. Encoding.ASCII.GetBytes($"blob {content.Length}\0"), .. content]));
    }

    public string Path { get; }

    public byte[] Content { get; }

    public bool Lfs { get; }

    public string Sha256 { get; }

    public string GitSha1 { get; }

    /// <summary>The hub's ETag for it: the sha256 for LFS files, the git blob sha1 otherwise.</summary>
    public string Etag => Lfs ? Sha256 : GitSha1;

    /// <summary>Close the connection after this many bytes of the body, for the next <see cref="CutTimes"/> transfers.</summary>
    public int CutAfterBytes { get; set; } = -1;

    public int CutTimes { set => cutsLeft = value; }

    /// <summary>Awaited between sending the bytes before a cut and cutting, so a test can let the client take them in
    /// first (otherwise the reset may overtake the bytes, and the client resumes from an earlier point).</summary>
    public Func<Task> BeforeCut { get; set; } = () => Task.CompletedTask;

    /// <summary>Send this many bytes, then go silent until the client gives up, for the next <see cref="StallTimes"/> transfers.</summary>
    public int StallAfterBytes { get; set; } = -1;

    public int StallTimes { set => stallsLeft = value; }

    /// <summary>Send this many bytes of the next transfer, signal <see cref="Paused"/>, wait for <see cref="Resume"/>.</summary>
    public int PauseAfterBytes { set => pauseAfterBytes = value; }

    public TaskCompletionSource Paused { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Resume { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Answer the next <see cref="FailTimes"/> transfers with <see cref="FailStatus"/>.</summary>
    public int FailStatus { get; set; } = 500;

    public int FailTimes { set => failuresLeft = value; }

    /// <summary>Serve the bytes with one byte flipped (the published hash stays that of the real content).</summary>
    public bool Corrupt { get; set; }

    /// <summary>Answer Range requests with the whole file (200), as some proxies do.</summary>
    public bool IgnoreRange { get; set; }

    /// <summary>Answer a Range request with a different range than was asked for.</summary>
    public bool WrongRange { get; set; }

    /// <summary>Answer a Range request with 206 but no Content-Range header.</summary>
    public bool OmitContentRange { get; set; }

    /// <summary>Send more bytes than the file has.</summary>
    public bool TrailingGarbage { get; set; }

    /// <summary>Leave size, blob id and LFS data out of the listing, so the client must ask with HEAD.</summary>
    public bool OmitMetadata { get; set; }

    /// <summary>Leave the ETag headers out of HEAD answers.</summary>
    public bool OmitEtagHeaders { get; set; }

    /// <summary>Publish this size instead of the real one.</summary>
    public int? SizeOverride { get; set; }

    public int PublishedSize => SizeOverride ?? Content.Length;

    /// <summary>Publish this ETag instead of the real one.</summary>
    public string? EtagOverride { get; set; }

    /// <summary>Listed, but the resolve URL answers 404.</summary>
    public bool Vanished { get; set; }

    /// <summary>The resolve URL redirects to itself forever.</summary>
    public bool RedirectLoop { get; set; }

    /// <summary>How many transfers of the bytes were started (GETs of the content, whatever their outcome).</summary>
    public int ByteGets => Volatile.Read(ref byteGets);

    public void CountGet() => Interlocked.Increment(ref byteGets);

    public bool TakeCut() => CutAfterBytes >= 0 && Interlocked.Decrement(ref cutsLeft) >= 0;

    public bool TakeStall() => StallAfterBytes >= 0 && Interlocked.Decrement(ref stallsLeft) >= 0;

    public bool TakeFailure() => Interlocked.Decrement(ref failuresLeft) >= 0;

    /// <summary>The pause point for this transfer (only the first transfer pauses), or -1.</summary>
    public int TakePause() => Interlocked.Exchange(ref pauseAfterBytes, -1);
}
