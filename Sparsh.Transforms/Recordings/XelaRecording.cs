using Sparsh.Transforms.Xela;

namespace Sparsh.Transforms.Recordings;

/// <summary>
/// One recording of the skin-covered hand: raw magnetic frames, optional joint angles and labels,
/// each stream on its own clock. Stored as a folder of Parquet files plus recording.json
/// (see docs/recording-format.md).
/// </summary>
public sealed class XelaRecording
{
    /// <summary>
    /// Most magnetic frames one recording, raw or aligned, can hold: its frames must fit one array
    /// (about 5.4 hours at 100 Hz). Longer sessions are best recorded as several recordings.
    /// </summary>
    public const int MaxMagneticFrames = int.MaxValue / XelaSkin.ValuesPerFrame;

    /// <summary>Creates a recording and checks the streams' widths.</summary>
    /// <param name="id">Recording identifier.</param>
    /// <param name="magnetic">Raw magnetic counts, width 1104 (taxel-major x, y, z).</param>
    /// <param name="joints">Allegro joint angles in radians, width 16; null for a hand whose joints were not recorded.</param>
    /// <param name="labels">Label streams by name (e.g. "force", "joystick", "pose"); names are used in file names.</param>
    /// <param name="skinId">Identifies the physical skin (baselines and broken taxels are per skin).</param>
    /// <param name="task">Task or data set the recording belongs to.</param>
    public XelaRecording(string id, TimeSeries magnetic, TimeSeries? joints = null,
        IReadOnlyDictionary<string, TimeSeries>? labels = null, string? skinId = null, string? task = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(magnetic);
        if (magnetic.Width != XelaSkin.ValuesPerFrame)
            throw new ArgumentException($"recording '{id}': stream '{magnetic.Name}' has width {magnetic.Width}; magnetic frames need {XelaSkin.ValuesPerFrame} values (368 taxels x 3 axes).", nameof(magnetic));
        if (joints is not null && joints.Width != XelaSkin.JointCount)
            throw new ArgumentException($"recording '{id}': stream '{joints.Name}' has width {joints.Width}; joint states need {XelaSkin.JointCount} angles.", nameof(joints));
        var copy = new SortedDictionary<string, TimeSeries>(StringComparer.Ordinal);
        foreach (var (name, series) in labels ?? new Dictionary<string, TimeSeries>())
        {
            if (!RecordingFormat.IsValidLabelName(name))
                throw new ArgumentException($"recording '{id}': label name '{name}' must be 1-64 ASCII letters, digits, '_' or '-' (it becomes a file name).", nameof(labels));
            copy.Add(name, series ?? throw new ArgumentNullException(nameof(labels), $"recording '{id}': label '{name}' is null."));
        }

        Id = id;
        Magnetic = magnetic;
        Joints = joints;
        Labels = copy;
        SkinId = skinId;
        Task = task;
    }

    /// <summary>Recording identifier.</summary>
    public string Id { get; }

    /// <summary>Identifies the physical skin, if known.</summary>
    public string? SkinId { get; }

    /// <summary>Task or data set, if known.</summary>
    public string? Task { get; }

    /// <summary>Raw magnetic counts, width 1104, taxel-major (x, y, z per taxel).</summary>
    public TimeSeries Magnetic { get; }

    /// <summary>Joint angles in radians, width 16; null when not recorded.</summary>
    public TimeSeries? Joints { get; }

    /// <summary>Label streams by name, in ordinal name order.</summary>
    public IReadOnlyDictionary<string, TimeSeries> Labels { get; }

    /// <summary>Writes the recording into <paramref name="directory"/> (created if needed; existing stream files are replaced).</summary>
    public void Save(string directory) => RecordingStore.SaveAsync(this, directory).GetAwaiter().GetResult();

    /// <summary>Writes the recording into <paramref name="directory"/>.</summary>
    public Task SaveAsync(string directory, CancellationToken cancellationToken = default) => RecordingStore.SaveAsync(this, directory, cancellationToken);

    /// <summary>Reads a recording folder written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">
    /// The folder or a file is missing, or a file is not in the documented layout; the message names the file, and where
    /// it applies the column, row and what was expected.
    /// </exception>
    public static XelaRecording Load(string directory) => RecordingStore.LoadAsync(directory).GetAwaiter().GetResult();

    /// <inheritdoc cref="Load"/>
    public static Task<XelaRecording> LoadAsync(string directory, CancellationToken cancellationToken = default) => RecordingStore.LoadAsync(directory, cancellationToken);

    /// <summary>
    /// Imports CSV files (header row, then one sample per line: timestamp in seconds, then the values).
    /// </summary>
    /// <param name="id">Recording identifier.</param>
    /// <param name="magneticCsv">Raw counts: timestamp + 1104 columns.</param>
    /// <param name="jointsCsv">Joint angles in radians: timestamp + 16 columns; null if not recorded.</param>
    /// <param name="labelCsvs">Label name to CSV file; any width.</param>
    /// <param name="labelUnits">Label name to unit (e.g. "force" to "N"); missing entries get an empty unit.</param>
    /// <param name="skinId">Physical skin identifier.</param>
    /// <param name="task">Task or data set.</param>
    /// <exception cref="InvalidDataException">A file is missing or malformed; the message names the file, line and column.</exception>
    public static XelaRecording ImportCsv(string id, string magneticCsv, string? jointsCsv = null,
        IReadOnlyDictionary<string, string>? labelCsvs = null, IReadOnlyDictionary<string, string>? labelUnits = null,
        string? skinId = null, string? task = null)
    {
        var magnetic = TimeSeriesCsv.Read(magneticCsv, RecordingFormat.MagneticStream, "counts", XelaSkin.ValuesPerFrame);
        var joints = jointsCsv is null ? null : TimeSeriesCsv.Read(jointsCsv, RecordingFormat.JointsStream, "rad", XelaSkin.JointCount);
        var labels = new Dictionary<string, TimeSeries>();
        foreach (var (name, file) in labelCsvs ?? new Dictionary<string, string>())
            labels[name] = TimeSeriesCsv.Read(file, name, labelUnits?.GetValueOrDefault(name) ?? "", expectedWidth: null);
        return new XelaRecording(id, magnetic, joints, labels, skinId, task);
    }
}
