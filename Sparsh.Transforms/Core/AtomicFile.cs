using System.Text;

namespace Sparsh.Transforms.Core;

/// <summary>
/// Replaces a file all at once: the content is written under a temporary name next to it, flushed to disk and only
/// then renamed over the target, so a crash, kill or power cut mid-write leaves the previous file (or none) under the
/// real name, never a torn one.
/// </summary>
/// <remarks>Used for the dataset manifest, recording metadata, Parquet streams and the trainers' checkpoints.</remarks>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="text"/> as UTF-8 (no byte order mark) to <paramref name="path"/>.</summary>
    public static Task WriteAllTextAsync(string path, string text, CancellationToken cancellationToken = default) =>
        WriteAsync(path, path + ".tmp", (stream, token) => stream.WriteAsync(new UTF8Encoding(false).GetBytes(text), token).AsTask(), cancellationToken);

    /// <inheritdoc cref="WriteAllTextAsync"/>
    public static void WriteAllText(string path, string text) => WriteAllTextAsync(path, text).GetAwaiter().GetResult();

    /// <summary>Synchronous <see cref="WriteAsync"/>: <paramref name="write"/> fills the stream.</summary>
    public static void Write(string path, string temporary, Action<FileStream> write) =>
        WriteAsync(path, temporary, (stream, _) =>
        {
            write(stream);
            return Task.CompletedTask;
        }).GetAwaiter().GetResult();

    /// <summary>
    /// Lets <paramref name="write"/> fill <paramref name="temporary"/>, flushes it to disk and renames it to <paramref name="path"/>;
    /// on any failure the temporary file is deleted and the target is left as it was.
    /// </summary>
    /// <param name="path">The file to replace.</param>
    /// <param name="temporary">Where to write first; must be on the same volume as <paramref name="path"/>.</param>
    /// <param name="write">Writes the content; it may dispose writers over the stream but not close the stream itself.</param>
    /// <param name="cancellationToken">Cancels the write; the target is then untouched.</param>
    public static async Task WriteAsync(string path, string temporary, Func<FileStream, CancellationToken, Task> write, CancellationToken cancellationToken = default)
    {
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, useAsync: true))
            {
                await write(stream, cancellationToken);
                // A writer that ignores the token still must not replace the target once the caller has given up.
                cancellationToken.ThrowIfCancellationRequested();
                // Without this the rename can reach the disk before the data, and a power cut would leave a torn
                // file under the good name.
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            if (File.Exists(temporary)) File.Delete(temporary);
            throw;
        }
    }
}
