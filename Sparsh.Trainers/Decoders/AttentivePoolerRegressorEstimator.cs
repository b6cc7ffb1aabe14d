using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Trainers.Torch;
using Sparsh.Trainers.Training;
using Sparsh.Transforms.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Decoders;

/// <summary>
/// Trains an <see cref="InstantaneousDecoder"/> (attentive pooler -> LayerNorm -> MLP) with smooth-L1 loss.
/// In Frozen mode it reads the encoder's tokens column once into memory and reuses it for every epoch;
/// validation holds out whole recordings.
/// </summary>
public sealed class AttentivePoolerRegressorEstimator : IEstimator<AttentivePoolerRegressorTransformer>
{
    private static readonly Lock InitializationGate = new();
    private readonly MLContext _mlContext;
    private readonly AttentivePoolerRegressorOptions _options;

    /// <summary>Creates the estimator.</summary>
    public AttentivePoolerRegressorEstimator(MLContext mlContext, AttentivePoolerRegressorOptions options)
    {
        if (options.Epochs < 1) throw new ArgumentOutOfRangeException(nameof(options), $"Epochs must be at least 1, got {options.Epochs}.");
        if (options.BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(options), $"BatchSize must be at least 1, got {options.BatchSize}.");
        if (options.ValidationFraction is < 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(options), $"ValidationFraction must be in [0, 1), got {options.ValidationFraction}.");
        _mlContext = mlContext;
        _options = options;
    }

    /// <inheritdoc/>
    public AttentivePoolerRegressorTransformer Fit(IDataView input)
    {
        if (_options.Mode != DecoderMode.Frozen)
            throw new NotSupportedException($"Mode {_options.Mode} needs the Sparsh-skin encoder in the training loop; use the encoder-aware overload.");
        var (tokenCount, width) = TokenShape(input.Schema, _options.TokensColumnName);
        var (rows, values) = DataViewReader.ReadFloatColumns(input, _options.TokensColumnName, _options.LabelColumnName);
        if (rows == 0) throw new InvalidOperationException($"No training rows in '{_options.TokensColumnName}' / '{_options.LabelColumnName}'.");
        int outputs = values[1].Length / rows;
        bool[]? validity = _options.TokenValidityColumnName == null ? null : ReadValidity(input, _options.TokenValidityColumnName, rows, tokenCount);
        string[] groups = DataViewReader.ReadTextColumn(input, _options.GroupColumnName);
        var (train, validation) = ValidationSplit.ByGroup(groups, _options.ValidationFraction, _options.Seed);

        using var log = new TrainingLog<EpochReport>(_mlContext, nameof(AttentivePoolerRegressorEstimator), _options.Progress);
        log.Info($"{rows} windows ({train.Length} train, {validation.Length} validation, {groups.Distinct().Count()} recordings), " +
                 $"tokens [{tokenCount}, {width}], {outputs} outputs, mode {_options.Mode}");
        var device = TorchDevice.Resolve(_options.Device, _options.CpuThreads);
        InstantaneousDecoder decoder;
        // libtorch's default generator is process-wide: without the gate, decoders fitted in parallel (sweep trials) could
        // interleave seeding and initialisation and lose reproducibility by seed.
        lock (InitializationGate)
        {
            random.manual_seed(_options.Seed);
            decoder = new InstantaneousDecoder(width, _options.Heads, outputs, _options.OutputActivations?.ToList(), _options.HiddenWidth, _options.MlpDepth);
        }
        decoder.to(device);

        using var tokens = tensor(values[0], [rows, tokenCount, width]).to(device);
        using var labels = tensor(values[1], [rows, outputs]).to(device);
        using var valid = validity == null ? null : tensor(validity, [rows, tokenCount]).to(device);
        var source = new CachedTokenBatches(decoder, tokens, valid, labels, train, validation);
        var history = SupervisedTrainer.Train(decoder, [(decoder.parameters(), _options.LearningRate)], source, _options, log, _options.CancellationToken);
        decoder.eval();
        return new AttentivePoolerRegressorTransformer(_options, decoder, device, tokenCount, width, outputs, history);
    }

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        SchemaChecks.RequireFloatVector(inputSchema, _options.TokensColumnName, "encoder tokens [tokens, width]");
        return SchemaShapes.Append(inputSchema, [new(_options.ScoreColumnName, new VectorDataViewType(NumberDataViewType.Single))]);
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
        var getter = cursor.GetGetter<VBuffer<bool>>(column);
        var buffer = default(VBuffer<bool>);
        for (int r = 0; cursor.MoveNext(); r++)
        {
            getter(ref buffer);
            buffer.CopyTo(result.AsSpan(r * tokenCount, tokenCount));
        }
        return result;
    }

    /// <summary>Frozen mode: tokens already on the device; a batch is an index_select.</summary>
    private sealed class CachedTokenBatches(InstantaneousDecoder decoder, Tensor tokens, Tensor? valid, Tensor labels, int[] train, int[] validation)
        : ISupervisedBatchSource
    {
        public int TrainCount => train.Length;
        public int ValidationCount => validation.Length;

        public (Tensor Prediction, Tensor Target) Forward(ReadOnlySpan<int> rows, bool isValidation)
        {
            var set = isValidation ? validation : train;
            var index = new long[rows.Length];
            for (int i = 0; i < rows.Length; i++) index[i] = set[rows[i]];
            var selected = tensor(index, device: tokens.device);
            return (decoder.forward(tokens.index_select(0, selected), valid?.index_select(0, selected)), labels.index_select(0, selected));
        }
    }
}
