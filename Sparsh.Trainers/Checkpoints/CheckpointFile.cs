using System.Security.Cryptography;
using System.Text;
using Sparsh.Transforms.Core;

namespace Sparsh.Trainers.Checkpoints;

/// <summary>
/// Writing and checking checkpoint files. A file ends with the SHA-256 of every byte before it; it is written through
/// <see cref="AtomicFile"/> (a temporary name, flushed to disk, then renamed over the previous checkpoint), so a kill or power cut mid-write
/// leaves the previous file intact, and a torn, truncated or bit-flipped file is refused on load instead of resuming.
/// </summary>
internal static class CheckpointFile
{
    /// <summary>Bytes of the SHA-256 trailer.</summary>
    public const int ChecksumLength = SHA256.HashSizeInBytes;

    /// <summary>Writes <paramref name="write"/>'s bytes and their checksum to <paramref name="temporary"/>, then renames it to <paramref name="path"/>.</summary>
    public static void Write(string path, string temporary, Action<BinaryWriter> write)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        AtomicFile.Write(path, temporary, stream =>
        {
            using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true)) write(writer);
            long length = stream.Length;
            // Hashing the bytes as written (rather than as serialised) also catches a write the file system got wrong.
            stream.Position = 0;
            byte[] checksum = Hash(stream, length);
            stream.Position = length;
            stream.Write(checksum);
        });
    }

    /// <summary>
    /// Checks the trailer of the file behind <paramref name="stream"/> and returns the length of the content before it;
    /// the stream's position is left where it was.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is shorter than a checksum or its content does not match it.</exception>
    public static long Verify(Stream stream, string path)
    {
        long position = stream.Position;
        long length = stream.Length - ChecksumLength;
        if (length < position)
            throw new InvalidDataException($"'{path}' is {stream.Length} bytes, too short for its header and {ChecksumLength}-byte SHA-256 checksum; the file is truncated.");
        stream.Position = 0;
        byte[] computed = Hash(stream, length);
        byte[] stored = new byte[ChecksumLength];
        stream.ReadExactly(stored);
        if (!computed.AsSpan().SequenceEqual(stored))
            throw new InvalidDataException($"'{path}': the SHA-256 checksum of its content is {Convert.ToHexStringLower(computed)} but the file records " +
                                           $"{Convert.ToHexStringLower(stored)}; the file is corrupt or truncated.");
        stream.Position = position;
        return length;
    }

    private static byte[] Hash(Stream stream, long length)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] buffer = new byte[1 << 20];
        for (long left = length; left > 0;)
        {
            int read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (read == 0) throw new EndOfStreamException();
            hash.AppendData(buffer, 0, read);
            left -= read;
        }
        return hash.GetHashAndReset();
    }
}
