using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Trainers.Encoder;
using Sparsh.Trainers.Training;
using Sparsh.Transforms.Core;
using Sparsh.Transforms.Xela;

namespace Sparsh.Trainers.Decoders;

/// <summary>
/// What every decoder estimator shares: the mode (Frozen, FineTune, EndToEnd), the encoder to tune or the architecture
/// to train from scratch, the columns read and written, and the optimisation settings.
/// </summary>
public abstract class DecoderTrainingOptions : SupervisedTrainingOptions
{
    /// <summary>Frozen (train on the tokens column), FineTune or EndToEnd (train on the window columns).</summary>
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

    /// <summary>Label vector per window (e.g. force [3] in newtons, pose [Tx m, Ty m, theta rad]).</summary>
    public string LabelColumnName { get; set; } = XelaColumnNames.Label;

    /// <summary>Output vector column, one value per label component.</summary>
    public string ScoreColumnName { get; set; } = XelaColumnNames.Score;

    /// <summary>Text column whose groups (recordings) are held out together for validation.</summary>
    public string GroupColumnName { get; set; } = XelaColumnNames.RecordingId;

    /// <summary>Attention heads of the pooler (must divide the token width).</summary>
    public int Heads { get; set; } = 2;

    /// <summary>Optional activation per output (e.g. Relu for normal force, Tanh for joystick axes in [-1, 1]).</summary>
    public IList<OutputActivation>? OutputActivations { get; set; }

    /// <summary>Receives a report after every epoch.</summary>
    public IProgress<EpochReport>? Progress { get; set; }

    /// <summary>Stops training (after writing a checkpoint when <see cref="SupervisedTrainingOptions.CheckpointPath"/> is set).</summary>
    public CancellationToken CancellationToken { get; set; }

    /// <summary>
    /// Adds its own <see cref="OutputActivations"/> list to the copy. <see cref="Encoder"/> (a module the caller owns and
    /// fine-tuning only reads), <see cref="Progress"/> and <see cref="CancellationToken"/> are shared on purpose; the
    /// config and column records are immutable.
    /// </summary>
    protected override SupervisedTrainingOptions CopyCore()
    {
        var copy = (DecoderTrainingOptions)base.CopyCore();
        copy.OutputActivations = OutputActivations?.ToList();
        return copy;
    }

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        if (!Enum.IsDefined(Mode))
            throw new ArgumentOutOfRangeException(nameof(Mode), $"Mode must be one of {string.Join(", ", Enum.GetNames<DecoderMode>())}, got {Mode}.");
        if (EncoderColumns is null) throw new ArgumentNullException(nameof(EncoderColumns), "EncoderColumns must be set, got null.");
        if (EncoderLearningRate is { } rate && !(rate > 0))
            throw new ArgumentOutOfRangeException(nameof(EncoderLearningRate), $"EncoderLearningRate must be positive or null, got {rate}.");
        if (Heads < 1) throw new ArgumentOutOfRangeException(nameof(Heads), $"Heads must be at least 1, got {Heads}.");
    }

    /// <summary>
    /// Estimators' Fit, before reading any data: the label column's width, checked against <see cref="OutputActivations"/>
    /// (one activation per label component), so a mismatch names the column and both widths instead of failing inside training.
    /// </summary>
    /// <exception cref="ArgumentException">The label column is missing, not a float (vector), or its width differs from the activations'.</exception>
    internal int CheckLabelWidth(DataViewSchema schema) => LabelWidth.Check(schema, LabelColumnName, OutputActivations);

    /// <summary>Estimators' GetOutputSchema: checks the columns this mode reads (tokens, or the encoder's windows) and adds Score.</summary>
    internal SchemaShape OutputSchema(SchemaShape input)
    {
        if (Mode == DecoderMode.Frozen)
            SchemaChecks.RequireFloatVector(input, TokensColumnName, "encoder tokens [tokens, width] (add the Sparsh-skin encoder before a Frozen decoder)");
        else
        {
            SchemaChecks.RequireFloatVector(input, EncoderColumns.MagneticColumnName, $"normalised flux [frames, taxels, 3] for the {Mode} encoder");
            SchemaChecks.RequireFloatVector(input, EncoderColumns.TaxelPositionsColumnName, $"taxel positions [frames, taxels, 3] in metres for the {Mode} encoder");
        }
        return SchemaShapes.Append(input, [new(ScoreColumnName, new VectorDataViewType(NumberDataViewType.Single))]);
    }
}
