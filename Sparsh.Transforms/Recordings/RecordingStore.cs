using Sparsh.Transforms.Core;
using Sparsh.Transforms.Xela;

namespace Sparsh.Transforms.Recordings;

/// <summary>Saves and loads the folder layout of a <see cref="XelaRecording"/>: recording.json plus one Parquet file per stream.</summary>
internal static class RecordingStore
{
    public static async Task SaveAsync(XelaRecording recording, string directory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recording);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory.CreateDirectory(directory);

        var streams = new List<StreamManifest> { await WriteStream(RecordingManifest.MagneticRole, recording.Magnetic.Name, RecordingFormat.MagneticFile, recording.Magnetic) };
        if (recording.Joints is { } joints) streams.Add(await WriteStream(RecordingManifest.JointsRole, joints.Name, RecordingFormat.JointsFile, joints));
        foreach (var (name, label) in recording.Labels) streams.Add(await WriteStream(RecordingManifest.LabelRole, name, RecordingFormat.LabelFile(name), label));

        // The manifest goes last: a folder with a manifest has all the files the manifest names.
        var manifest = new RecordingManifest(RecordingFormat.FormatName, RecordingFormat.Version, recording.Id, recording.SkinId, recording.Task, streams);
        await AtomicFile.WriteAllTextAsync(Path.Combine(directory, RecordingFormat.ManifestFile), manifest.ToJson(), cancellationToken);

        async Task<StreamManifest> WriteStream(string role, string name, string file, TimeSeries series)
        {
            string path = Path.Combine(directory, file);
            await TimeSeriesParquet.WriteAsync(series, path, cancellationToken);
            return new(role, name, file, series.Width, series.Unit, series.Count, await FileSha256(path, cancellationToken));
        }
    }

    public static async Task<XelaRecording> LoadAsync(string directory, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!Directory.Exists(directory))
            throw new InvalidDataException($"{directory}: recording folder not found.");
        string manifestPath = Path.Combine(directory, RecordingFormat.ManifestFile);
        if (!File.Exists(manifestPath))
            throw new InvalidDataException($"{manifestPath}: file not found; a recording folder needs {RecordingFormat.ManifestFile}.");
        var manifest = RecordingManifest.Parse(await File.ReadAllTextAsync(manifestPath, cancellationToken), manifestPath);

        TimeSeries? magnetic = null, joints = null;
        var labels = new Dictionary<string, TimeSeries>();
        foreach (var entry in manifest.Streams)
        {
            string path = Path.Combine(directory, entry.File);
            int? requiredWidth = entry.Role switch
            {
                RecordingManifest.MagneticRole => XelaSkin.ValuesPerFrame,
                RecordingManifest.JointsRole => XelaSkin.JointCount,
                _ => null,
            };
            if (requiredWidth is int w && entry.Width != w)
                throw new InvalidDataException($"{manifestPath}: stream '{entry.Name}' has width {entry.Width}; a {entry.Role} stream needs {w}.");
            if (entry.Sha256 is { } recorded && File.Exists(path) && await FileSha256(path, cancellationToken) is var actual
                && !string.Equals(actual, recorded, StringComparison.OrdinalIgnoreCase))
                throw new InvalidDataException(
                    $"{path}: its SHA-256 checksum is {actual} but {RecordingFormat.ManifestFile} records {recorded}; the file is damaged or was changed after saving.");
            var series = await TimeSeriesParquet.ReadAsync(path, entry.Width, cancellationToken);
            if (series.Count != entry.Rows)
                throw new InvalidDataException($"{path}: {series.Count} rows, but {RecordingFormat.ManifestFile} lists {entry.Rows}.");
            switch (entry.Role)
            {
                case RecordingManifest.MagneticRole: magnetic = series; break;
                case RecordingManifest.JointsRole: joints = series; break;
                default:
                    if (!labels.TryAdd(entry.Name, series))
                        throw new InvalidDataException($"{manifestPath}: label '{entry.Name}' is listed twice.");
                    break;
            }
        }
        try
        {
            return new XelaRecording(manifest.Id, magnetic!, joints, labels, manifest.SkinId, manifest.Task);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{manifestPath}: {e.Message}", e);
        }
    }

    private static async Task<string> FileSha256(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await System.Security.Cryptography.SHA256.HashDataAsync(stream, cancellationToken));
    }
}
