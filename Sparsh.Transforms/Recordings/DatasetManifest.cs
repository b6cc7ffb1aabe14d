using System.Text.Json;
using System.Text.Json.Serialization;
using Sparsh.Transforms.Core;

namespace Sparsh.Transforms.Recordings;

/// <summary>
/// manifest.json of a data set on disk: every recording with its skin, task, duration and split. Recordings lie in
/// folders named by their ids next to the manifest (<c>&lt;root&gt;/&lt;recording id&gt;/recording.json</c>, ...).
/// Sparsh.Simulation's dataset writer and <see cref="SparshSkinDataset.SparshSkinDatasetReader.Convert"/> write it;
/// the catalog's <c>LoadFrames(root, task, split)</c> reads it.
/// </summary>
/// <param name="Format">Always <see cref="FormatName"/>.</param>
/// <param name="FormatVersion">Manifest version.</param>
/// <param name="Seed">Seed the data set was generated from (0 for a converted one).</param>
/// <param name="Recordings">The recordings, in generation order.</param>
public sealed record DatasetManifest(string Format, int FormatVersion, int Seed, IReadOnlyList<DatasetEntry> Recordings)
{
    /// <summary>Manifest file name in a data set root.</summary>
    public const string FileName = "manifest.json";

    /// <summary>Identifies the manifest format (the name dates from when only the simulator wrote it; kept so existing data sets load).</summary>
    public const string FormatName = "sparsh-simulated-dataset";

    /// <summary>Version written.</summary>
    public const int Version = 1;

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>Recordings of one split.</summary>
    public IEnumerable<DatasetEntry> InSplit(DatasetSplit split) => Recordings.Where(r => r.Split == split);

    /// <summary>Folder of a recording under <paramref name="root"/>.</summary>
    public static string RecordingDirectory(string root, DatasetEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Path.Combine(root, entry.RecordingId);
    }

    /// <summary>Loads one listed recording from <paramref name="root"/>.</summary>
    public static XelaRecording LoadRecording(string root, DatasetEntry entry) => XelaRecording.Load(RecordingDirectory(root, entry));

    /// <summary>
    /// Writes manifest.json into <paramref name="root"/> through a temporary file flushed to disk before it is renamed,
    /// so a reader never sees half a manifest, even after a power cut.
    /// </summary>
    public void Save(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Directory.CreateDirectory(root);
        AtomicFile.WriteAllText(Path.Combine(root, FileName), JsonSerializer.Serialize(this, JsonOptions));
    }

    /// <summary>Reads manifest.json from a data set root.</summary>
    /// <exception cref="InvalidDataException">The manifest is missing or malformed; the message names the file.</exception>
    public static DatasetManifest Load(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        string path = Path.Combine(root, FileName);
        if (!File.Exists(path))
            throw new InvalidDataException($"{path}: file not found; a data set needs {FileName}.");
        DatasetManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<DatasetManifest>(File.ReadAllText(path), JsonOptions);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a valid data set manifest ({e.Message}).", e);
        }
        if (manifest is null || manifest.Format != FormatName)
            throw new InvalidDataException($"{path}: 'format' is '{manifest?.Format}', expected '{FormatName}'.");
        if (manifest.FormatVersion > Version)
            throw new InvalidDataException($"{path}: format version {manifest.FormatVersion} is newer than this library reads ({Version}).");
        if (manifest.Recordings is null)
            throw new InvalidDataException($"{path}: 'recordings' is missing.");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in manifest.Recordings)
        {
            if (entry is null || string.IsNullOrWhiteSpace(entry.RecordingId) || Path.GetFileName(entry.RecordingId) != entry.RecordingId)
                throw new InvalidDataException($"{path}: recording id '{entry?.RecordingId}' must be a plain folder name.");
            if (!seen.Add(entry.RecordingId))
                throw new InvalidDataException($"{path}: recording '{entry.RecordingId}' is listed twice.");
        }
        return manifest;
    }
}
