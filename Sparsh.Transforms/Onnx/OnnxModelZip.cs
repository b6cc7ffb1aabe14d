using System.Buffers.Binary;
using System.IO.Compression;

namespace Sparsh.Transforms.Onnx;

/// <summary>
/// Reads the ONNX graphs inside an ML.NET model zip. ML.NET's <c>OnnxTransformer</c> saves its model as a zip entry
/// named <c>OnnxModel</c> in the transformer's folder (e.g. <c>TransformerChain/Transform_003/OnnxModel</c>) holding an
/// int32 byte count (little-endian) followed by the ONNX model's bytes, exactly as they were given to it.
/// </summary>
public static class OnnxModelZip
{
    /// <summary>Name of the zip entry in which ML.NET's OnnxTransformer stores its ONNX model.</summary>
    public const string OnnxModelEntryName = "OnnxModel";

    /// <summary>Every ONNX model in the zip, in entry order, each with its zip and entry as <see cref="OnnxModelContents.Source"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a zip, or an ONNX entry is truncated or not an ONNX model.</exception>
    public static IReadOnlyList<OnnxModelContents> ReadModels(string zipPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(zipPath);
        if (!File.Exists(zipPath)) throw new FileNotFoundException($"Model zip '{zipPath}' not found.", zipPath);
        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(zipPath);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"'{zipPath}' is not an ML.NET model zip (not a zip file: {e.Message})", e);
        }

        using (zip)
        {
            var models = new List<OnnxModelContents>();
            foreach (var entry in zip.Entries)
            {
                if (entry.Name != OnnxModelEntryName) continue;
                var source = $"model zip '{zipPath}', entry '{entry.FullName}'";
                models.Add(OnnxModelContents.Parse(ReadEntry(entry, source), source));
            }
            return models;
        }
    }

    private static byte[] ReadEntry(ZipArchiveEntry entry, string source)
    {
        using var stream = new MemoryStream();
        using (var data = entry.Open()) data.CopyTo(stream);
        var bytes = stream.GetBuffer().AsSpan(0, (int)stream.Length);
        if (bytes.Length < sizeof(int))
            throw new InvalidDataException($"{source} is truncated: {bytes.Length} bytes, not even the model's length.");
        int length = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        if (length < 0 || length != bytes.Length - sizeof(int))
            throw new InvalidDataException($"{source} announces {length} bytes of ONNX model but holds {bytes.Length - sizeof(int)}.");
        return bytes[sizeof(int)..].ToArray();
    }
}
