using System.Collections;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Razorvine.Pickle;
using Razorvine.Pickle.Objects;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Sparsh.Trainers.PyTorchImport;

/// <summary>
/// PyTorch state dicts on disk, read and written through TorchSharp.PyBridge: <c>.pth</c>/<c>.pt</c> (<c>torch.save</c>'s
/// zip format, unpickled by Razorvine.Pickle as PyBridge configures it: tensors are rebuilt from the archive's storages and
/// any other class becomes a plain dictionary, so no pickled code runs) and
/// <c>.safetensors</c>. Every failure names the file and says what was expected.
/// </summary>
internal static class StateDictFile
{
    /// <summary>File extensions read as <c>torch.save</c> archives.</summary>
    public static readonly string[] PickleExtensions = [".pth", ".pt", ".bin", ".ckpt"];

    /// <summary>The file extension read and written as safetensors.</summary>
    public const string SafetensorsExtension = ".safetensors";

    /// <summary>
    /// Reads every tensor of the state dict in <paramref name="path"/> (CPU tensors; the caller disposes them). A
    /// <c>torch.save</c> file whose top level is a training checkpoint (tensors under <c>"model"</c> or <c>"state_dict"</c>)
    /// yields that inner state dict.
    /// </summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">The file is truncated, corrupt, not a state dict or of an unknown kind.</exception>
    public static Dictionary<string, Tensor> Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"PyTorch checkpoint '{path}' does not exist.", path);
        string extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension == SafetensorsExtension)
        {
            CheckSafetensorsLength(path);
            return Guarded(path, () =>
            {
                using var stream = File.OpenRead(path);
                return new Dictionary<string, Tensor>(Safetensors.LoadStateDict(stream, leaveOpen: false, keysToKeep: null), StringComparer.Ordinal);
            });
        }
        if (PickleExtensions.Contains(extension))
        {
            CheckZipArchive(path);
            return Guarded(path, () =>
            {
                using var stream = File.OpenRead(path);
                return TensorsOf(path, PyTorchUnpickler.UnpickleStateDict(stream, leaveOpen: false, skipTensorRead: false));
            });
        }
        throw new InvalidDataException($"'{path}': expected a PyTorch state dict as .pth/.pt (torch.save) or .safetensors, got a '{extension}' file.");
    }

    /// <summary>Writes <paramref name="tensors"/> to <paramref name="path"/> as .safetensors, or as a <c>torch.save</c> archive for .pth/.pt.</summary>
    public static void Write(string path, IReadOnlyDictionary<string, Tensor> tensors)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string extension = Path.GetExtension(path).ToLowerInvariant();
        var dictionary = tensors.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        if (extension == SafetensorsExtension)
        {
            using var stream = File.Create(path);
            Safetensors.SaveStateDict(stream, dictionary, leaveOpen: false);
        }
        else if (PickleExtensions.Contains(extension))
        {
            using var stream = File.Create(path);
            PyTorchPickler.PickleStateDict(stream, dictionary, leaveOpen: false);
        }
        else
        {
            throw new ArgumentException($"'{path}': write a state dict as .safetensors or .pth/.pt, not '{extension}'.", nameof(path));
        }
    }

    /// <summary>The tensors of an unpickled <c>torch.save</c> object: a flat state dict, or one under "model"/"state_dict".</summary>
    private static Dictionary<string, Tensor> TensorsOf(string path, object unpickled)
    {
        if (unpickled is not Hashtable table)
            throw new InvalidDataException($"'{path}' holds a {unpickled?.GetType().Name ?? "null"}, expected a state dict (a mapping of names to tensors).");
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in table)
            if (entry.Key is string key && entry.Value is Tensor tensor) tensors[key] = tensor;
        if (tensors.Count > 0) return tensors;
        foreach (var inner in new[] { "model", "state_dict" })
            if (table[inner] is Hashtable nested) return TensorsOf(path, nested);
        // Name what stands where tensors should: a pickled call (e.g. os.system) arrives as an inert ClassDict.
        var entries = table.Cast<DictionaryEntry>().Take(8).Select(e => e.Value is ClassDict call
            ? $"'{e.Key}' is a pickled '{call.ClassName}' object (not run)"
            : $"'{e.Key}' is a {e.Value?.GetType().Name ?? "null"}");
        throw new InvalidDataException($"'{path}' holds no tensors at its top level nor under 'model' or 'state_dict': {string.Join("; ", entries)}.");
    }

    private static Dictionary<string, Tensor> Guarded(string path, Func<Dictionary<string, Tensor>> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is InvalidCastException or NotImplementedException or EndOfStreamException or JsonException
                                      or InvalidOperationException or ArgumentException or IndexOutOfRangeException or PickleException)
        {
            throw new InvalidDataException($"'{path}' is not a readable PyTorch state dict: {Explain(e)}", e);
        }
    }

    private static string Explain(Exception e) => e switch
    {
        InvalidCastException => "it holds objects other than tensors and containers where tensors were expected",
        NotImplementedException when e.Message.Contains("entire model", StringComparison.Ordinal) =>
            "it holds a whole pickled model, not a state dict (save model.state_dict() instead)",
        EndOfStreamException => "it ends before the data its header describes (truncated)",
        // Razorvine refuses to build an unregistered class from arguments: the pickle asks for a call, e.g. os.system.
        PickleException when System.Text.RegularExpressions.Regex.Match(e.Message, @"\(for ([^)]+)\)") is { Success: true } call =>
            $"it pickles a call to '{call.Groups[1].Value}', which is neither a tensor nor a container; refused, nothing of it run",
        _ => e.Message,
    };

    /// <summary>
    /// The safetensors header (u64 length + JSON with every tensor's byte range) must fit in the file and the file must hold
    /// all the bytes the header lists: a truncated download is named as such instead of failing deep inside a reader.
    /// </summary>
    private static void CheckSafetensorsLength(string path)
    {
        using var stream = File.OpenRead(path);
        long fileLength = stream.Length;
        Span<byte> prefix = stackalloc byte[8];
        if (stream.ReadAtLeast(prefix, 8, throwOnEndOfStream: false) < 8)
            throw new InvalidDataException($"'{path}' is truncated: {fileLength} bytes, shorter than the 8-byte safetensors header length.");
        ulong headerLength = BitConverter.ToUInt64(prefix);
        if (headerLength > (ulong)(fileLength - 8))
            throw new InvalidDataException($"'{path}' is truncated or not a safetensors file: its header claims {headerLength} bytes, the file has {fileLength - 8} after the length.");
        var header = new byte[headerLength];
        stream.ReadExactly(header);
        long dataEnd = 0;
        try
        {
            using var json = JsonDocument.Parse(Encoding.UTF8.GetString(header));
            foreach (var entry in json.RootElement.EnumerateObject())
            {
                if (entry.Name == "__metadata__") continue;
                var offsets = entry.Value.GetProperty("data_offsets");
                dataEnd = Math.Max(dataEnd, offsets[1].GetInt64());
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or IndexOutOfRangeException)
        {
            throw new InvalidDataException($"'{path}' has no valid safetensors header (JSON with data_offsets per tensor): {e.Message}", e);
        }
        long available = fileLength - 8 - (long)headerLength;
        if (dataEnd > available)
            throw new InvalidDataException($"'{path}' is truncated: its header lists {dataEnd} bytes of tensor data, the file holds {available}.");
    }

    /// <summary><c>torch.save</c> writes a zip archive whose directory is at the end: a cut file has none.</summary>
    private static void CheckZipArchive(string path)
    {
        try
        {
            using var archive = ZipFile.OpenRead(path);
            if (!archive.Entries.Any(e => e.Name == "data.pkl"))
                throw new InvalidDataException($"'{path}' is a zip archive without data.pkl: not a torch.save checkpoint.");
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith($"'{path}'", StringComparison.Ordinal))
        {
            throw new InvalidDataException(
                $"'{path}' is truncated or not a torch.save checkpoint (expected the zip format PyTorch writes since 1.6): {e.Message}", e);
        }
    }
}
