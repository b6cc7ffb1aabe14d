using System.Buffers.Binary;
using System.IO.Compression;
using Microsoft.ML;

namespace Sparsh.Scoring.ModelFiles;

/// <summary>
/// Opens ML.NET model zips that hold ONNX graphs, safely: every ONNX model inside is checked with
/// <see cref="OnnxModelGuard"/> before ML.NET hands it to ONNX Runtime, and every failure names the file.
/// Load untrusted zips through <see cref="Load"/> rather than <c>mlContext.Model.Load</c>, which would let a graph with
/// external data read local files.
/// </summary>
public static class ModelZip
{
    /// <summary>Name of the zip entry in which ML.NET's OnnxTransformer stores its ONNX model.</summary>
    /// <remarks>
    /// Each is saved in the transformer's folder (e.g. <c>TransformerChain/Transform_003/OnnxModel</c>) as an int32 byte
    /// count (little-endian) followed by the ONNX model's bytes.
    /// </remarks>
    public const string OnnxModelEntryName = "OnnxModel";

    /// <summary>Loads an ML.NET model zip after checking that none of its ONNX graphs reads data from outside the zip.</summary>
    /// <param name="mlContext">The context to load with.</param>
    /// <param name="path">The model zip.</param>
    /// <param name="inputSchema">The input schema the model was saved with.</param>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">
    /// The file is not a readable ML.NET model zip, an ONNX entry is truncated or malformed, or a graph keeps tensor data
    /// outside the model; the message names the file (and the entry and tensor where one is at fault).
    /// </exception>
    public static ITransformer Load(MLContext mlContext, string path, out DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ReadOnnxModels(path);
        try
        {
            return mlContext.Model.Load(path, out inputSchema);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // ML.NET reports a bad zip with zip-library or format errors that do not say which file; add it.
            throw new InvalidDataException($"'{path}' is not a readable ML.NET model zip ({e.GetType().Name}: {e.Message}).", e);
        }
    }

    /// <summary>Every ONNX model in the zip, in entry order, each checked with <see cref="OnnxModelGuard"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a zip, or an ONNX entry is truncated, malformed or refers to external data.</exception>
    public static IReadOnlyList<OnnxModelEntry> ReadOnnxModels(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"Model zip '{path}' not found.", path);
        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(path);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"'{path}' is not a readable ML.NET model zip (not a zip file: {e.Message}).", e);
        }

        using (zip)
        {
            var models = new List<OnnxModelEntry>();
            foreach (var entry in zip.Entries)
            {
                if (entry.Name != OnnxModelEntryName) continue;
                var source = $"model zip '{path}', entry '{entry.FullName}'";
                var model = ReadEntry(entry, source);
                OnnxModelGuard.Verify(model, source);
                models.Add(new OnnxModelEntry(source, model));
            }
            return models;
        }
    }

    /// <summary>The visible columns of a schema with their types, for messages ("none" when there are none).</summary>
    internal static string DescribeColumns(DataViewSchema schema)
    {
        var columns = schema.Where(c => !c.IsHidden).Select(c => $"'{c.Name}' ({c.Type})").ToList();
        return columns.Count == 0 ? "none" : string.Join(", ", columns);
    }

    private static byte[] ReadEntry(ZipArchiveEntry entry, string source)
    {
        // The header is bounded by the entry's own declared size before anything is allocated for it.
        if (entry.Length > Array.MaxLength)
            throw new InvalidDataException($"{source} declares {entry.Length} bytes, more than one ONNX model can hold.");
        using var stream = new MemoryStream();
        try
        {
            using var data = entry.Open();
            data.CopyTo(stream);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{source} cannot be decompressed: {e.Message}", e);
        }

        var bytes = stream.GetBuffer().AsSpan(0, (int)stream.Length);
        if (bytes.Length < sizeof(int))
            throw new InvalidDataException($"{source} is truncated: {bytes.Length} bytes, not even the model's length.");
        int length = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        if (length < 0 || length != bytes.Length - sizeof(int))
            throw new InvalidDataException($"{source} announces {length} bytes of ONNX model but holds {bytes.Length - sizeof(int)}.");
        return bytes[sizeof(int)..].ToArray();
    }
}
