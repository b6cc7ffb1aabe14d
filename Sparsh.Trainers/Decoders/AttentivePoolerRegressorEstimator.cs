using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Trainers.Encoder;
using Sparsh.Trainers.Pretraining;
using Sparsh.Trainers.Torch;
using Sparsh.Trainers.Training;
using Sparsh.Transforms.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Decoders;

/// <summary>
/// Trains an <see cref="InstantaneousDecoder"/> (attentive pooler -> LayerNorm -> MLP) with smooth-L1 loss, in
/// the paper's three modes. Frozen reads the encoder's tokens column once and reuses it for every epoch; FineTune
/// trains a copy of a pretrained encoder too (with its own, lower learning rate); EndToEnd trains the same
/// architecture from random weights. Validation holds out whole recordings.
/// </summary>
public sealed class AttentivePoolerRegressorEstimator : IEstimator<AttentivePoolerRegressorTransformer>
{
    private readonly MLContext _mlContext;
    private readonly AttentivePoolerRegressorOptions _options;

    /// <summary>Creates the estimator with a copy of <paramref name="options"/>, validated here.</summary>
    internal AttentivePoolerRegressorEstimator(MLContext mlContext, AttentivePoolerRegressorOptions options)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(options);
        _mlContext = mlContext;
        _options = options.Clone();
        _options.Validate();
    }

    /// <inheritdoc/>
    public AttentivePoolerRegressorTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _options.CheckLabelWidth(input.Schema);
        return _options.Mode == DecoderMode.Frozen ? FitFrozen(input) : FitWithEncoder(input);
    }

    private AttentivePoolerRegressorTransformer FitFrozen(IDataView input)
    {
        var (tokenCount, width) = TokenShape(input.Schema, _options.TokensColumnName);
        var (rows, values) = DataViewReader.ReadFloatColumns(input, _options.TokensColumnName, _options.LabelColumnName);
        if (rows == 0) throw new InvalidOperationException($"No training rows in '{_options.TokensColumnName}' / '{_options.LabelColumnName}'.");
        int outputs = values[1].Length / rows;
        bool[]? validity = _options.TokenValidityColumnName == null ? null : ReadValidity(input, _options.TokenValidityColumnName, rows, tokenCount);
        var (train, validation, log, device) = Prepare(input, rows, $"tokens [{tokenCount}, {width}], {outputs} outputs");
        using (log)
        {
            var decoder = EncoderInTheLoop.Seeded(_options.Seed, () => NewDecoder(width, outputs));
            var scale = OutputScaling.FromLabels(values[1], outputs, _options.OutputActivations?.ToList(), train);
            decoder.SetOutputScale(scale);
            decoder.to(device);
            using var tokens = tensor(values[0], [rows, tokenCount, width]).to(device);
            using var labels = tensor(values[1], [rows, outputs]).to(device);
            using var valid = validity == null ? null : tensor(validity, [rows, tokenCount]).to(device);
            var source = new CachedTokenBatches(decoder, tokens, valid, labels, train, validation) { LossScale = scale };
            var history = SupervisedTrainer.Train(decoder, [(decoder.parameters(), _options.LearningRate)], source, _options, log, _options.CancellationToken);
            decoder.eval();
            return new AttentivePoolerRegressorTransformer(_options, decoder, null, device, tokenCount, width, outputs, history);
        }
    }

    private AttentivePoolerRegressorTransformer FitWithEncoder(IDataView input)
    {
        var config = EncoderInTheLoop.Config(_options);
        var windows = WindowSet.Read(input, config, _options.EncoderColumns);
        var (rows, values) = DataViewReader.ReadFloatColumns(input, _options.LabelColumnName);
        if (rows == 0) throw new InvalidOperationException($"No training windows in '{_options.EncoderColumns.MagneticColumnName}'.");
        int outputs = values[0].Length / rows;
        var (train, validation, log, device) = Prepare(input, rows, $"encoder {config.EmbeddingDim}x{config.Depth} ({_options.Mode}), {outputs} outputs");
        using (log)
        {
            var model = EncoderInTheLoop.Seeded(_options.Seed, () => new EncoderDecoderModel(new SparshSkinEncoder(config), NewDecoder(config.EmbeddingDim, outputs)));
            var (encoder, decoder) = (model.Encoder, model.Decoder);
            var scale = OutputScaling.FromLabels(values[0], outputs, _options.OutputActivations?.ToList(), train);
            decoder.SetOutputScale(scale);
            EncoderInTheLoop.StartFromPretrained(_options, encoder);
            model.to(device);
            using var labels = tensor(values[0], [rows, outputs]).to(device);
            var source = new WindowBatches(model, windows, labels, train, validation, device) { LossScale = scale };
            var groups = EncoderInTheLoop.ParameterGroups(_options, encoder, decoder);
            var history = SupervisedTrainer.Train(model, groups, source, _options, log, _options.CancellationToken);
            model.eval();
            return new AttentivePoolerRegressorTransformer(_options, decoder, model, device, config.TokenCount, config.EmbeddingDim, outputs, history);
        }
    }

    // Validation groups, log, seeded initialisation and device: the same for every mode.
    private (int[] Train, int[] Validation, TrainingLog<EpochReport> Log, Device Device) Prepare(IDataView input, int rows, string what)
    {
        string[] groups = DataViewReader.ReadTextColumn(input, _options.GroupColumnName);
        var (train, validation) = ValidationSplit.ByGroup(groups, _options);
        var log = new TrainingLog<EpochReport>(_mlContext, nameof(AttentivePoolerRegressorEstimator), _options.Progress);
        log.Info($"{rows} windows ({train.Length} train, {validation.Length} validation, {groups.Distinct().Count()} recordings), {what}");
        var device = TorchDevice.Resolve(_options.Device, _options.CpuThreads);
        return (train, validation, log, device);
    }

    private InstantaneousDecoder NewDecoder(int width, int outputs)
        => new(width, _options.Heads, outputs, _options.OutputActivations?.ToList(), _options.HiddenWidth, _options.MlpDepth);

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return _options.OutputSchema(inputSchema);
    }

    internal static (int Tokens, int Width) TokenShape(DataViewSchema schema, string name)
    {
        var column = schema.GetColumnOrNull(name) ?? throw new ArgumentOutOfRangeException(nameof(name),
            $"Input column '{name}' not found; expected encoder tokens [tokens, width] (add the Sparsh-skin encoder before the decoder).");
        if (column.Type is not VectorDataViewType { IsKnownSize: true } vector || vector.ItemType != NumberDataViewType.Single || vector.Dimensions.Length != 2)
            throw new ArgumentOutOfRangeException(nameof(name),
                $"Input column '{name}' has type {column.Type}; expected a float vector with two dimensions [tokens, width].");
        return (vector.Dimensions[0], vector.Dimensions[1]);
    }

    private static bool[] ReadValidity(IDataView input, string name, int rows, int tokenCount)
    {
        var column = input.Schema.GetColumnOrNull(name) ?? throw new ArgumentOutOfRangeException(nameof(name), $"Token validity column '{name}' not found.");
        if (column.Type is not VectorDataViewType { ItemType: BooleanDataViewType, Size: var size } || size != tokenCount)
            throw new ArgumentOutOfRangeException(nameof(name), $"Token validity column '{name}' has type {column.Type}; expected a bool vector of {tokenCount}.");
        var result = new bool[rows * tokenCount];
        using var cursor = input.GetRowCursor([column]);
        var getter = KnownSizeVectors.GetGetter<bool>(cursor, column);
        var buffer = default(VBuffer<bool>);
        for (int r = 0; cursor.MoveNext(); r++)
        {
            getter(ref buffer);
            buffer.CopyTo(result.AsSpan(r * tokenCount, tokenCount));
        }
        return result;
    }

    /// <summary>FineTune/EndToEnd: windows assembled per batch from the in-memory window set.</summary>
    private sealed class WindowBatches(EncoderDecoderModel model, WindowSet windows, Tensor labels, int[] train, int[] validation, Device device)
        : SplitBatchSource(train, validation)
    {
        protected override (Tensor Prediction, Tensor Target) Forward(long[] rows)
        {
            var batch = windows.Batch(rows.Select(r => (int)r).ToArray(), device);
            return (model.forward(batch.Windows, batch.Validity), labels.index_select(0, tensor(rows, device: labels.device)));
        }
    }

    /// <summary>Frozen mode: tokens already on the device; a batch is an index_select.</summary>
    private sealed class CachedTokenBatches(InstantaneousDecoder decoder, Tensor tokens, Tensor? valid, Tensor labels, int[] train, int[] validation)
        : SplitBatchSource(train, validation)
    {
        protected override (Tensor Prediction, Tensor Target) Forward(long[] rows)
        {
            var selected = tensor(rows, device: tokens.device);
            return (decoder.forward(tokens.index_select(0, selected), valid?.index_select(0, selected)), labels.index_select(0, selected));
        }
    }
}
