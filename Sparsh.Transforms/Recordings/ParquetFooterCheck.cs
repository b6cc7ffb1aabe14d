using System.Buffers.Binary;
using System.Reflection;
using Parquet;

namespace Sparsh.Transforms.Recordings;

/// <summary>
/// Checks a Parquet file's framing and footer before Parquet.Net opens it: the "PAR1" magic at both ends, a footer length
/// that fits in the file, and a footer whose Thrift metadata parses without running past its end.
/// </summary>
/// <remarks>
/// Parquet.Net 6.1 parses the footer from a buffer of exactly the footer's length, and its Thrift reader spins without
/// end when damaged metadata makes it read past that buffer (see <see cref="EndOfStreamGuard"/>). The footer's own
/// checksum (<see cref="RecordingFormat.ChecksumKey"/>) lives inside it, so it cannot help before the parse. This check
/// runs Parquet.Net's own footer parser once over a guarded copy of the footer: the parse is deterministic, so a footer
/// that parses here parses the same way, and ends, when the reader opens the file.
/// </remarks>
internal static class ParquetFooterCheck
{
    private static readonly byte[] Magic = "PAR1"u8.ToArray();

    // "PAR1", at least one footer byte, the footer's 4-byte length and "PAR1".
    private const int MinimumFileBytes = 4 + 1 + 4 + 4;

    private static readonly Func<Stream, object>? ParseFooter = FindFooterParser();

    /// <summary>Throws <see cref="InvalidDataException"/> naming <paramref name="path"/> unless the framing and footer are sound; leaves the stream at 0.</summary>
    public static async Task CheckAsync(Stream stream, string path, CancellationToken cancellationToken)
    {
        long length = stream.Length;
        if (length < MinimumFileBytes)
            throw new InvalidDataException(
                $"{path}: not a Parquet file: {length} bytes; a Parquet file has at least {MinimumFileBytes} ('PAR1', a footer, the footer's 4-byte length, 'PAR1'). The file is truncated or not Parquet.");

        var head = new byte[4];
        var tail = new byte[8];
        stream.Position = 0;
        await stream.ReadExactlyAsync(head, cancellationToken);
        stream.Position = length - tail.Length;
        await stream.ReadExactlyAsync(tail, cancellationToken);
        if (!head.AsSpan().SequenceEqual(Magic) || !tail.AsSpan(4).SequenceEqual(Magic))
            throw new InvalidDataException(
                $"{path}: not a Parquet file: it starts with bytes {Convert.ToHexString(head)} and ends with {Convert.ToHexString(tail, 4, 4)}; expected the " +
                $"Parquet magic 'PAR1' ({Convert.ToHexString(Magic)}) at both ends. The file is truncated, damaged or of another format.");

        int footerBytes = BinaryPrimitives.ReadInt32LittleEndian(tail);
        long room = length - MinimumFileBytes + 1;   // everything between the leading magic and the footer length
        if (footerBytes < 1 || footerBytes > room)
            throw new InvalidDataException(
                $"{path}: the footer length (the 4 bytes before the closing 'PAR1') is {footerBytes}; expected 1 to {room} bytes in a file of {length}. " +
                "The footer is damaged or the file truncated.");

        if (ParseFooter is null) return;
        var footer = new byte[footerBytes];
        stream.Position = length - 8 - footerBytes;
        await stream.ReadExactlyAsync(footer, cancellationToken);
        stream.Position = 0;
        try
        {
            ParseFooter(new EndOfStreamGuard(new MemoryStream(footer, writable: false), "the footer"));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            string cause = e is EndOfStreamException
                ? $"its metadata runs past the footer's {footerBytes} bytes"
                : $"{e.GetType().Name}: {e.Message}";
            throw new InvalidDataException($"{path}: the Parquet footer (schema and metadata) cannot be read; the file is corrupt ({cause}).", e);
        }
    }

    // Parquet.Net 6.1 keeps its footer parser internal (FileMetaData.Read over a ThriftCompactProtocolReader); calling it is
    // the only way to parse the footer exactly as the reader will. A later version may move it: then this returns null
    // and ParquetFooterTests, which expects the
    // parser's 'runs past' refusal, fails, pointing here.
    private static Func<Stream, object>? FindFooterParser()
    {
        var assembly = typeof(ParquetReader).Assembly;
        var readerType = assembly.GetType("Parquet.Meta.Proto.ThriftCompactProtocolReader");
        var metadataType = assembly.GetType("Parquet.Meta.FileMetaData");
        var constructor = readerType?.GetConstructor(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance, [typeof(Stream)]);
        var read = readerType is null ? null
            : metadataType?.GetMethod("Read", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static, [readerType]);
        if (constructor is null || read is null) return null;
        return stream => read.Invoke(null, BindingFlags.DoNotWrapExceptions, null, [constructor.Invoke(BindingFlags.DoNotWrapExceptions, null, [stream], null)], null)!;
    }
}
