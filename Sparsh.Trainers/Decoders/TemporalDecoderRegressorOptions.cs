using Sparsh.Trainers.Training;
using Sparsh.Transforms.Xela;

namespace Sparsh.Trainers.Decoders;

/// <summary>Options of <see cref="TemporalDecoderRegressorEstimator"/>: per-window estimates from sequences of windows.</summary>
public sealed class TemporalDecoderRegressorOptions : SupervisedTrainingOptions
{
    /// <summary>Frozen (train on the tokens column); FineTune and EndToEnd need the encoder in the loop.</summary>
    public DecoderMode Mode { get; set; } = DecoderMode.Frozen;

    /// <summary>Encoder tokens per window, a float vector [tokens, width].</summary>
    public string TokensColumnName { get; set; } = "Tokens";

    /// <summary>Label vector per window (e.g. joystick [3], pose [Tx m, Ty m, theta rad]).</summary>
    public string LabelColumnName { get; set; } = XelaColumnNames.Label;

    /// <summary>Output vector column.</summary>
    public string ScoreColumnName { get; set; } = XelaColumnNames.Score;

    /// <summary>Recording id: sequences never cross recordings; validation holds out whole recordings.</summary>
    public string GroupColumnName { get; set; } = XelaColumnNames.RecordingId;

    /// <summary>Window start time (seconds): orders windows and reveals gaps.</summary>
    public string WindowStartColumnName { get; set; } = XelaColumnNames.WindowStartSeconds;

    /// <summary>Windows per sequence: 100 x 0.1 s = 10 s, as in the paper.</summary>
    public int SequenceLengthWindows { get; set; } = 100;

    /// <summary>A step between window starts longer than this many median steps starts a new sequence (a gap).</summary>
    public double GapFactor { get; set; } = 1.5;

    /// <summary>Attention heads of the pooler and the causal block.</summary>
    public int Heads { get; set; } = 2;

    /// <summary>Optional activation per output (e.g. Tanh for joystick axes in [-1, 1]).</summary>
    public IList<OutputActivation>? OutputActivations { get; set; }

    /// <summary>Receives a report after every epoch.</summary>
    public IProgress<EpochReport>? Progress { get; set; }

    /// <summary>Stops training (after writing a checkpoint when one is configured).</summary>
    public CancellationToken CancellationToken { get; set; }
}
