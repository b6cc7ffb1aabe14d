using Sparsh.Trainers.Encoder;
using Sparsh.Trainers.Training;
using Sparsh.Transforms.Xela;

namespace Sparsh.Trainers.Decoders;

/// <summary>Options of <see cref="AttentivePoolerRegressorEstimator"/>: an attentive-pooler decoder predicting a label vector from one window.</summary>
public sealed class AttentivePoolerRegressorOptions : SupervisedTrainingOptions
{
    /// <summary>Frozen (train on the tokens column), FineTune or EndToEnd.</summary>
    public DecoderMode Mode { get; set; } = DecoderMode.Frozen;

    /// <summary>FineTune: the pretrained encoder to start from (copied; the original is not changed).</summary>
    public SparshSkinEncoder? Encoder { get; set; }

    /// <summary>EndToEnd: the architecture to initialise randomly (defaults to <see cref="Encoder"/>'s, else the micro size).</summary>
    public SparshSkinEncoderConfig? EncoderConfig { get; set; }

    /// <summary>FineTune/EndToEnd: the window columns the encoder reads (normalised flux, positions, validity).</summary>
    public SparshSkinEncoderColumns EncoderColumns { get; set; } = new();

    /// <summary>FineTune: learning rate of the encoder (lower than the decoder's so pretraining is not erased); default a tenth of it.</summary>
    public double? EncoderLearningRate { get; set; }

    /// <summary>Frozen mode: encoder tokens per window, a float vector with dimensions [tokens, width] (e.g. [369, D]).</summary>
    public string TokensColumnName { get; set; } = "Tokens";

    /// <summary>Optional bool vector [tokens]: false tokens are excluded from the pooler's attention.</summary>
    public string? TokenValidityColumnName { get; set; }

    /// <summary>Label vector (e.g. force [3] in newtons) or float.</summary>
    public string LabelColumnName { get; set; } = XelaColumnNames.Label;

    /// <summary>Output vector column, one value per label component.</summary>
    public string ScoreColumnName { get; set; } = XelaColumnNames.Score;

    /// <summary>Text column whose groups (recordings) are held out together for validation.</summary>
    public string GroupColumnName { get; set; } = XelaColumnNames.RecordingId;

    /// <summary>Attention heads of the pooler (must divide the token width).</summary>
    public int Heads { get; set; } = 2;

    /// <summary>Width of the MLP's hidden layers; null uses a quarter of the token width (d/4).</summary>
    public int? HiddenWidth { get; set; }

    /// <summary>Hidden layers in the MLP after the pooler (1 = d -> hidden -> outputs).</summary>
    public int MlpDepth { get; set; } = 1;

    /// <summary>Optional activation per output (e.g. Relu for normal force).</summary>
    public IList<OutputActivation>? OutputActivations { get; set; }

    /// <summary>Receives a report after every epoch.</summary>
    public IProgress<EpochReport>? Progress { get; set; }

    /// <summary>Stops training (after writing a checkpoint when <see cref="SupervisedTrainingOptions.CheckpointPath"/> is set).</summary>
    public CancellationToken CancellationToken { get; set; }
}
