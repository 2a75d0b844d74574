namespace Wick.Core.Tests.Gguf;

/// <summary>A read-only stream that claims <paramref name="length"/> bytes: <paramref name="prefix"/>, then zeros. Lets
/// tests present multi-gigabyte files without allocating them.</summary>
internal sealed class SparseStream(byte[] prefix, long length) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position { get; set; }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = (int)Math.Min(count, Math.Max(0, length - Position));
        for (var i = 0; i < n; i++)
        {
            var at = Position + i;
            buffer[offset + i] = at < prefix.Length ? prefix[at] : (byte)0;
        }

        Position += n;
        return n;
    }

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => Position + offset,
        _ => length + offset,
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
