using System.Text;

namespace Sparsh.Trainers.Checkpoints;

/// <summary>
/// Reads a checkpoint's fields with every length, count and size checked against the bytes that remain before any
/// allocation, so a truncated, corrupt or foreign file fails with an <see cref="InvalidDataException"/> that names
/// the file and the field instead of an end-of-stream, overflow or out-of-memory error.
/// </summary>
internal sealed class CheckpointReader : IDisposable
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly bool _ownsReader;

    /// <summary>Opens <paramref name="path"/>.</summary>
    public CheckpointReader(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Checkpoint '{path}' not found.", path);
        Reader = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
        Source = path;
        End = Reader.BaseStream.Length;
        _ownsReader = true;
    }

    /// <summary>Reads from <paramref name="reader"/> up to the stream position <paramref name="end"/>; <paramref name="source"/> names it in errors.</summary>
    public CheckpointReader(BinaryReader reader, string source, long end)
    {
        Reader = reader;
        Source = source;
        End = end;
    }

    /// <summary>The underlying reader.</summary>
    public BinaryReader Reader { get; }

    /// <summary>What errors name: the file, and the section within it if any.</summary>
    public string Source { get; }

    /// <summary>Stream position where the content ends (before the checksum).</summary>
    public long End { get; private set; }

    /// <summary>Bytes left before <see cref="End"/>.</summary>
    public long Remaining => End - Reader.BaseStream.Position;

    /// <summary>Checks the SHA-256 trailer (see <see cref="CheckpointFile"/>); the content then ends before it.</summary>
    public void VerifyChecksum() => End = CheckpointFile.Verify(Reader.BaseStream, Source);

    /// <summary>An error naming the file.</summary>
    public InvalidDataException Error(string message, Exception? inner = null) => new($"'{Source}': {message}.", inner);

    /// <summary>Throws unless <paramref name="bytes"/> bytes remain.</summary>
    public void Need(long bytes, string what)
    {
        if (bytes < 0 || bytes > Remaining)
            throw Error($"{what} declares {bytes} bytes but {Remaining} remain; the file is truncated or not a checkpoint");
    }

    public int ReadInt32(string what) { Need(sizeof(int), what); return Reader.ReadInt32(); }

    public long ReadInt64(string what) { Need(sizeof(long), what); return Reader.ReadInt64(); }

    public double ReadDouble(string what) { Need(sizeof(double), what); return Reader.ReadDouble(); }

    public bool ReadBoolean(string what)
    {
        Need(1, what);
        byte value = Reader.ReadByte();
        return value <= 1 ? value == 1 : throw Error($"{what} is {value}; expected 0 or 1");
    }

    /// <summary>An int32 count from 0 to <paramref name="max"/>.</summary>
    public int ReadCount(string what, long max)
    {
        int count = ReadInt32(what);
        if (count < 0 || count > max) throw Error($"{what} is {count}; expected 0 to {max}");
        return count;
    }

    /// <summary>A .NET BinaryWriter string (7-bit encoded length, UTF-8) of at most <paramref name="maxBytes"/> bytes.</summary>
    public string ReadString(string what, int maxBytes)
    {
        int length = 0;
        for (int shift = 0; ; shift += 7)
        {
            if (shift > 28) throw Error($"the length of {what} is malformed");
            Need(1, what);
            byte b = Reader.ReadByte();
            length |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) break;
        }
        if (length < 0 || length > maxBytes) throw Error($"{what} declares {length} bytes; expected at most {maxBytes}");
        byte[] bytes = ReadBytes(length, what);
        try { return StrictUtf8.GetString(bytes); }
        catch (DecoderFallbackException e) { throw Error($"{what} is not UTF-8 text", e); }
    }

    /// <summary>An unsigned LEB128 integer as TorchSharp's <c>Encode</c> writes it (counts, ranks, dimensions).</summary>
    public long ReadLeb128(string what)
    {
        long value = 0;
        for (int shift = 0; ; shift += 7)
        {
            if (shift > 56) throw Error($"{what} is malformed");
            Need(1, what);
            byte b = Reader.ReadByte();
            value |= (long)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return value;
        }
    }

    public byte[] ReadBytes(long count, string what)
    {
        Need(count, what);
        if (count > Array.MaxLength) throw Error($"{what} declares {count} bytes, more than one array holds");
        return Reader.ReadBytes((int)count);
    }

    public void ReadExactly(Span<byte> into, string what)
    {
        Need(into.Length, what);
        Reader.BaseStream.ReadExactly(into);
    }

    public void Skip(long count, string what)
    {
        Need(count, what);
        Reader.BaseStream.Seek(count, SeekOrigin.Current);
    }

    /// <summary>An int64 byte length and that many bytes.</summary>
    public byte[] ReadSection(string what) => ReadBytes(ReadInt64($"the length of {what}"), what);

    /// <summary>Throws if bytes follow the last field.</summary>
    public void ExpectEnd()
    {
        if (Remaining != 0) throw Error($"{Remaining} bytes follow the last section; expected none");
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_ownsReader) Reader.Dispose();
    }
}
