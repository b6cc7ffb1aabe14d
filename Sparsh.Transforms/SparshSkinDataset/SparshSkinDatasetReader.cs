using System.Text;
using Sparsh.Transforms.Pickles;
using Sparsh.Transforms.Recordings;

namespace Sparsh.Transforms.SparshSkinDataset;

/// <summary>
/// Reads Meta's released Sparsh-skin data (facebook/sparsh-skin-dataset: per sequence <c>xela/data.pkl</c>,
/// <c>xela/forces.pkl</c>, <c>allegro/data.pkl</c> and, for force estimation, <c>data.pkl</c>; a <c>baseline/</c> rest
/// recording) and converts it into this project's recordings plus a manifest.json, so the catalog's
/// <c>LoadFrames(root, task, split)</c>, every transform, the study and the sweeps run on it unchanged
/// (docs/recording-format.md, "Converting Meta's released data set"). Pickles are read with
/// <see cref="RestrictedUnpickler"/>, which never executes anything in them.
/// </summary>
public static class SparshSkinDatasetReader
{
    /// <summary>Task of a sequence under a <c>baseline</c> folder: the hand at rest, for taring.</summary>
    public const string RestTask = "rest";

    /// <summary>Task of a pretraining sequence (unlabelled play).</summary>
    public const string PlayTask = "play";

    /// <summary>Task of a sequence with an F/T force label (<c>data.pkl</c> with "force").</summary>
    public const string ForceTask = "force_probing";

    /// <summary>Label written from <c>xela/forces.pkl</c>: XELA's own force estimate per taxel (N), taxel-major like the magnetic stream.</summary>
    public const string XelaForceLabel = "xela_force";

    private const string XelaFile = "xela/data.pkl";
    private const string XelaForcesFile = "xela/forces.pkl";
    private const string AllegroFile = "allegro/data.pkl";
    private const string LabelsFile = "data.pkl";

    /// <summary>
    /// Every sequence folder under <paramref name="root"/> (a folder holding <c>xela/data.pkl</c>), in ordinal path order,
    /// with the recording id, task and split it converts to.
    /// </summary>
    /// <exception cref="InvalidDataException">The root is missing or holds no sequence, or two sequences would get the same id.</exception>
    public static IReadOnlyList<SparshSkinSequence> FindSequences(string root, SparshSkinDatasetOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        options ??= new SparshSkinDatasetOptions();
        options.Validate();
        if (!Directory.Exists(root))
            throw new InvalidDataException($"{root}: data set folder not found.");
        var folders = new List<string>();
        Collect(root, folders);
        if (folders.Count == 0)
            throw new InvalidDataException($"{root}: no sequence found; expected folders <object>/<sequence>/ holding {XelaFile}.");

        var sequences = new List<SparshSkinSequence>();
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var folder in folders.OrderBy(f => f, StringComparer.Ordinal))
        {
            string relative = Path.GetRelativePath(root, folder).Replace(Path.DirectorySeparatorChar, '/');
            var parts = relative == "." ? [new DirectoryInfo(folder).Name] : relative.Split('/');
            string id = RecordingId(parts);
            if (ids.TryGetValue(id, out var other))
                throw new InvalidDataException($"{folder}: converts to recording id '{id}', as {other} does; rename one of the folders.");
            ids[id] = folder;
            string task = parts.Any(p => p.Equals("baseline", StringComparison.OrdinalIgnoreCase)) ? RestTask
                : File.Exists(Path.Combine(folder, LabelsFile)) ? ForceTask : PlayTask;
            sequences.Add(new(folder, relative, id, task, task == RestTask ? DatasetSplit.Train : SplitOf(parts, options)));
        }
        return sequences;
    }

    /// <summary>Reads one sequence folder into a recording (raw counts, joint angles and labels on their own clocks).</summary>
    /// <param name="sequence">A sequence from <see cref="FindSequences"/>.</param>
    /// <param name="options">Skin id and how repeated timestamps and XELA forces are handled; defaults when null.</param>
    /// <param name="report">What the sequence held and what was not converted.</param>
    /// <exception cref="InvalidDataException">
    /// A file is missing, truncated or malformed, holds arrays of the wrong shape, or names a global other than plain data;
    /// the message names the file (and the frame, row or global).
    /// </exception>
    public static XelaRecording ReadSequence(SparshSkinSequence sequence, SparshSkinDatasetOptions? options, out SparshSkinSequenceReport report)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        options ??= new SparshSkinDatasetOptions();
        options.Validate();
        string dir = sequence.Directory;
        var notes = new List<string>();
        var dropped = new Dictionary<string, int>(StringComparer.Ordinal);
        var labels = new Dictionary<string, TimeSeries>(StringComparer.Ordinal);

        string xelaPath = Path.Combine(dir, XelaFile);
        var magnetic = SparshSkinStreams.ReadTaxelFrames(xelaPath, RecordingFormat.MagneticStream, "counts", options.DropRepeatedTimestamps, allowEmpty: false, out int d)!;
        dropped[XelaFile] = d;

        TimeSeries? joints = null;
        string allegroPath = Path.Combine(dir, AllegroFile);
        if (File.Exists(allegroPath))
        {
            joints = SparshSkinStreams.ReadJoints(allegroPath, options.DropRepeatedTimestamps, out d);
            dropped[AllegroFile] = d;
        }
        else
        {
            notes.Add($"no {AllegroFile}: the recording has no joint angles (taxel positions need them)");
        }

        string forcesPath = Path.Combine(dir, XelaForcesFile);
        if (!File.Exists(forcesPath))
            notes.Add($"no {XelaForcesFile}");
        else if (!options.IncludeXelaForces)
            notes.Add($"{XelaForcesFile} not converted (IncludeXelaForces is off)");
        else if (SparshSkinStreams.ReadTaxelFrames(forcesPath, XelaForceLabel, "N", options.DropRepeatedTimestamps, allowEmpty: true, out d) is { } forces)
        {
            labels[XelaForceLabel] = forces;
            dropped[XelaForcesFile] = d;
        }
        else
        {
            notes.Add($"{XelaForcesFile} holds only empty frames (XELA server without calibration); no {XelaForceLabel} label");
        }

        string labelsPath = Path.Combine(dir, LabelsFile);
        if (File.Exists(labelsPath))
        {
            var pickle = RestrictedUnpickler.Load(labelsPath);
            labels["force"] = SparshSkinStreams.ReadForce(pickle, labelsPath, options.DropRepeatedTimestamps, out d);
            dropped[LabelsFile] = d;
            var others = ((Dictionary<object, object?>)pickle!).Keys.Select(k => k.ToString()).Where(k => k != "force").ToList();
            if (others.Count > 0)
                notes.Add($"{LabelsFile} keys not converted: {string.Join(", ", others)}");
        }

        var recording = new XelaRecording(sequence.RecordingId, magnetic, joints, labels, options.SkinId, sequence.Task);
        report = new SparshSkinSequenceReport(sequence, magnetic.Count, joints?.Count ?? 0, labels.Keys.ToList(), dropped, notes);
        return recording;
    }

    /// <summary>
    /// Converts every sequence under <paramref name="sourceRoot"/> into a recording folder under <paramref name="outputRoot"/>
    /// and writes <c>manifest.json</c> there last (recording, skin, task, split), the layout the simulator writes.
    /// </summary>
    /// <param name="sourceRoot">The released data set, or any folder of it (e.g. its pretraining/ or force estimation part).</param>
    /// <param name="outputRoot">Where the recordings go (created if needed; recordings of the same ids are replaced).</param>
    /// <param name="options">Splits, skin id and conversion choices; defaults when null.</param>
    /// <param name="progress">Reports each sequence as it is written.</param>
    /// <param name="cancellationToken">Stops between sequences.</param>
    /// <inheritdoc cref="ReadSequence" path="/exception"/>
    public static SparshSkinConversion Convert(string sourceRoot, string outputRoot, SparshSkinDatasetOptions? options = null,
        IProgress<SparshSkinConversionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputRoot);
        options ??= new SparshSkinDatasetOptions();
        var sequences = FindSequences(sourceRoot, options);
        var entries = new List<DatasetEntry>(sequences.Count);
        var reports = new List<SparshSkinSequenceReport>(sequences.Count);
        foreach (var sequence in sequences)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var recording = ReadSequence(sequence, options, out var report);
            recording.Save(Path.Combine(outputRoot, sequence.RecordingId));
            entries.Add(new DatasetEntry(sequence.RecordingId, options.SkinId, sequence.Task,
                recording.Magnetic.EndSeconds - recording.Magnetic.StartSeconds, sequence.Split, Seed: 0));
            reports.Add(report);
            progress?.Report(new SparshSkinConversionProgress(reports.Count, sequences.Count, report));
        }
        var manifest = new DatasetManifest(DatasetManifest.FormatName, DatasetManifest.Version, Seed: 0, entries);
        manifest.Save(outputRoot);
        return new SparshSkinConversion(manifest, reports);
    }

    private static void Collect(string folder, List<string> sequences)
    {
        if (File.Exists(Path.Combine(folder, XelaFile)))
        {
            sequences.Add(folder);
            return;
        }
        foreach (var child in Directory.EnumerateDirectories(folder))
            Collect(child, sequences);
    }

    private static DatasetSplit SplitOf(string[] parts, SparshSkinDatasetOptions options)
    {
        foreach (var part in parts.Reverse())
        {
            switch (part.ToLowerInvariant())
            {
                case "train": return DatasetSplit.Train;
                case "val" or "valid" or "validation": return DatasetSplit.Validation;
                case "test": return DatasetSplit.Test;
            }
        }
        string sequenceId = parts[^1];
        return options.TestSequenceIds.Contains(sequenceId, StringComparer.Ordinal) ? DatasetSplit.Test
            : options.ValidationSequenceIds.Contains(sequenceId, StringComparer.Ordinal) ? DatasetSplit.Validation
            : DatasetSplit.Train;
    }

    // Folder names become one folder name: parts joined by '_', anything but letters, digits, '_', '-' and '.' replaced by '-'.
    private static string RecordingId(IEnumerable<string> parts)
    {
        var id = new StringBuilder();
        foreach (var part in parts)
        {
            if (id.Length > 0) id.Append('_');
            foreach (char c in part) id.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' ? c : '-');
        }
        return id.ToString().Trim('.');
    }
}
