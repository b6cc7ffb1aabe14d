using Sparsh.Trainers.Decoders;
using Sparsh.Trainers.Training;
using Sparsh.Transforms.Xela;

namespace Sparsh.Trainers.Hiss;

/// <summary>
/// Options of <see cref="HissRegressorEstimator"/>, the supervised HiSS baseline: the same windows, label, score, recording
/// and time columns as the temporal decoder in EndToEnd mode, the same sequences, and the sizes of its two LSTMs.
/// </summary>
public sealed class HissRegressorOptions : SupervisedTrainingOptions, IWindowSequenceOptions
{
    /// <summary>Normalised flux per window [frames, taxels, 3]: each window is one chunk of the low-level model.</summary>
    public string MagneticColumnName { get; set; } = XelaColumnNames.Magnetic;

    /// <summary>Per-taxel validity [frames, taxels] (bool): invalid readings are set to zero. Null, empty or absent: all valid.</summary>
    public string? ValidityColumnName { get; set; } = XelaColumnNames.Validity;

    /// <summary>Label vector per window (e.g. joystick [3], pose [Tx m, Ty m, theta rad]).</summary>
    public string LabelColumnName { get; set; } = XelaColumnNames.Label;

    /// <summary>Output vector column, one value per label component.</summary>
    public string ScoreColumnName { get; set; } = XelaColumnNames.Score;

    /// <summary>Text column of recordings: sequences never cross them and validation holds out whole ones.</summary>
    public string GroupColumnName { get; set; } = XelaColumnNames.RecordingId;

    /// <summary>Window start time (seconds): orders windows and reveals gaps.</summary>
    public string WindowStartColumnName { get; set; } = XelaColumnNames.WindowStartSeconds;

    /// <summary>Windows per sequence: 100 x 0.1 s = 10 s, as for the temporal decoder.</summary>
    public int SequenceLengthWindows { get; set; } = 100;

    /// <summary>A step between window starts longer than this many median steps starts a new sequence (a gap).</summary>
    public double GapFactor { get; set; } = 1.5;

    /// <summary>Hidden size of the low-level LSTM, which reads each window's frames.</summary>
    public int ChunkHiddenSize { get; set; } = 64;

    /// <summary>Hidden size of the high-level LSTM, which reads the windows' summaries.</summary>
    public int SequenceHiddenSize { get; set; } = 64;

    /// <summary>Optional activation per output (e.g. Tanh for joystick axes in [-1, 1]).</summary>
    public IList<OutputActivation>? OutputActivations { get; set; }

    /// <summary>Receives a report after every epoch.</summary>
    public IProgress<EpochReport>? Progress { get; set; }

    /// <summary>Stops training (after writing a checkpoint when <see cref="SupervisedTrainingOptions.CheckpointPath"/> is set).</summary>
    public CancellationToken CancellationToken { get; set; }

    /// <summary>A copy with its own lists: the estimator and transformer keep one, so changing this object later changes nothing fitted.</summary>
    public HissRegressorOptions Clone() => (HissRegressorOptions)CopyCore();

    /// <inheritdoc/>
    protected override SupervisedTrainingOptions CopyCore()
    {
        var copy = (HissRegressorOptions)base.CopyCore();
        copy.OutputActivations = OutputActivations?.ToList();
        return copy;
    }

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        foreach (var (name, value) in new[] { (nameof(MagneticColumnName), MagneticColumnName), (nameof(LabelColumnName), LabelColumnName),
                     (nameof(ScoreColumnName), ScoreColumnName), (nameof(GroupColumnName), GroupColumnName), (nameof(WindowStartColumnName), WindowStartColumnName) })
            if (string.IsNullOrEmpty(value)) throw new ArgumentException($"{name} must name a column, got '{value}'.", name);
        if (SequenceLengthWindows < 1)
            throw new ArgumentOutOfRangeException(nameof(SequenceLengthWindows), $"SequenceLengthWindows must be at least 1, got {SequenceLengthWindows}.");
        if (!(GapFactor > 0)) throw new ArgumentOutOfRangeException(nameof(GapFactor), $"GapFactor must be positive, got {GapFactor}.");
        if (ChunkHiddenSize < 1) throw new ArgumentOutOfRangeException(nameof(ChunkHiddenSize), $"ChunkHiddenSize must be at least 1, got {ChunkHiddenSize}.");
        if (SequenceHiddenSize < 1) throw new ArgumentOutOfRangeException(nameof(SequenceHiddenSize), $"SequenceHiddenSize must be at least 1, got {SequenceHiddenSize}.");
        if (OutputActivations?.Where(a => !Enum.IsDefined(a)).Select(a => (OutputActivation?)a).FirstOrDefault() is { } bad)
            throw new ArgumentOutOfRangeException(nameof(OutputActivations), $"OutputActivations holds {bad}, which is not an OutputActivation.");
    }
}
