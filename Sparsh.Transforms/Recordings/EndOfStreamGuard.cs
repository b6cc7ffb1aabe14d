namespace Sparsh.Transforms.Recordings;

/// <summary>
/// A read-only view of a seekable stream whose <see cref="ReadByte"/> throws at the end instead of returning -1.
/// </summary>
/// <remarks>
/// Parquet.Net 6.1's Thrift reader casts <c>ReadByte()</c> to a byte, so past the end it sees 0xFF forever: a varint
/// whose continuation bit never clears, a field header that never says stop. A damaged footer or page header that runs
/// past its end therefore spins without end; through this view the same read fails at once.
/// </remarks>
internal sealed class EndOfStreamGuard(Stream inner, string description) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => inner.CanSeek;
    public override bool CanWrite => false;
    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => inner.Position = value;
    }

    public override int ReadByte()
    {
        int value = inner.ReadByte();
        return value >= 0 ? value : throw new EndOfStreamException($"Read past the end of {description}.");
    }

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
    public override int Read(Span<byte> buffer) => inner.Read(buffer);
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);
    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
