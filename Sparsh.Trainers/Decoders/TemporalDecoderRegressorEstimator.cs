using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Trainers.Torch;
using Sparsh.Trainers.Training;
using Sparsh.Transforms.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Decoders;

/// <summary>
/// Trains a <see cref="TemporalDecoder"/> on sequences of windows (joystick state, object pose over time).
/// Frozen mode reads the encoder's tokens once; sequences are padded to one length, and padded steps add
/// no loss (the decoder is causal, so padding after a sequence never changes its real steps).
/// </summary>
public sealed class TemporalDecoderRegressorEstimator : IEstimator<TemporalDecoderRegressorTransformer>
{
    private readonly MLContext _mlContext;
    private readonly TemporalDecoderRegressorOptions _options;

    /// <summary>Creates the estimator.</summary>
    public TemporalDecoderRegressorEstimator(MLContext mlContext, TemporalDecoderRegressorOptions options)
    {
        if (options.Mode != DecoderMode.Frozen)
            throw new NotSupportedException($"Mode {options.Mode} needs the Sparsh-skin encoder in the training loop; the temporal decoder supports Frozen tokens.");
        if (options.Epochs < 1 || options.BatchSize < 1 || options.SequenceLengthWindows < 1)
            throw new ArgumentOutOfRangeException(nameof(options), "Epochs, BatchSize and SequenceLengthWindows must be at least 1.");
        _mlContext = mlContext;
        _options = options;
    }

    /// <inheritdoc/>
    public TemporalDecoderRegressorTransformer Fit(IDataView input)
    {
        var data = SequenceData.Read(input, _options, requireLabels: true);
        var sequenceGroups = data.Sequences.Select(s => data.Groups[s[0]]).ToArray();
        var (train, validation) = ValidationSplit.ByGroup(sequenceGroups, _options.ValidationFraction, _options.Seed);

        using var log = new TrainingLog<EpochReport>(_mlContext, nameof(TemporalDecoderRegressorEstimator), _options.Progress);
        log.Info($"{data.Rows} windows in {data.Sequences.Count} sequences of up to {_options.SequenceLengthWindows} " +
                 $"({train.Length} train, {validation.Length} validation), tokens [{data.TokenCount}, {data.Width}], {data.Outputs} outputs");
        var device = TorchDevice.Resolve(_options.Device, _options.CpuThreads);
        random.manual_seed(_options.Seed);
        var decoder = new TemporalDecoder(data.Width, _options.Heads, data.Outputs, _options.OutputActivations?.ToList());
        var trainRows = train.SelectMany(sequence => data.Sequences[sequence]).ToArray();
        decoder.SetOutputScale(OutputScaling.FromLabels(data.Labels, data.Outputs, _options.OutputActivations?.ToList(), trainRows));
        decoder.to(device);

        using var batches = new PaddedSequenceBatches(decoder, data, train, validation, _options.SequenceLengthWindows, device);
        var history = SupervisedTrainer.Train(decoder, [(decoder.parameters(), _options.LearningRate)], batches, _options, log, _options.CancellationToken);
        decoder.eval();
        return new TemporalDecoderRegressorTransformer(_options, decoder, device, data.TokenCount, data.Width, data.Outputs, history);
    }

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        SchemaChecks.RequireFloatVector(inputSchema, _options.TokensColumnName, "encoder tokens [tokens, width]");
        return SchemaShapes.Append(inputSchema, [new(_options.ScoreColumnName, new VectorDataViewType(NumberDataViewType.Single))]);
    }

    /// <summary>All sequences padded to the full length; padded steps take the target as prediction so they add no loss.</summary>
    private sealed class PaddedSequenceBatches : SplitBatchSource, IDisposable
    {
        private readonly TemporalDecoder _decoder;
        private readonly Tensor _tokens;   // [sequences, L, T, D]
        private readonly Tensor _labels;   // [sequences, L, outputs]
        private readonly Tensor _present;  // [sequences, L, 1] bool

        public PaddedSequenceBatches(TemporalDecoder decoder, SequenceData data, int[] train, int[] validation, int length, Device device)
            : base(train, validation)
        {
            _decoder = decoder;
            int count = data.Sequences.Count, tokenValues = data.TokenCount * data.Width;
            var tokens = new float[(long)count * length * tokenValues];
            var labels = new float[count * length * data.Outputs];
            var present = new bool[count * length];
            for (int s = 0; s < count; s++)
                for (int step = 0; step < data.Sequences[s].Length; step++)
                {
                    int row = data.Sequences[s][step];
                    data.Tokens.AsSpan(row * tokenValues, tokenValues).CopyTo(tokens.AsSpan((s * length + step) * tokenValues));
                    data.Labels.AsSpan(row * data.Outputs, data.Outputs).CopyTo(labels.AsSpan((s * length + step) * data.Outputs));
                    present[s * length + step] = true;
                }
            _tokens = tensor(tokens, [count, length, data.TokenCount, data.Width]).to(device);
            _labels = tensor(labels, [count, length, data.Outputs]).to(device);
            _present = tensor(present, [count, length, 1]).to(device);
        }

        protected override (Tensor Prediction, Tensor Target) Forward(long[] rows)
        {
            var selected = tensor(rows, device: _tokens.device);
            var target = _labels.index_select(0, selected);
            var prediction = _decoder.forward(_tokens.index_select(0, selected), null);
            return (where(_present.index_select(0, selected), prediction, target), target);
        }

        public void Dispose()
        {
            _tokens.Dispose();
            _labels.Dispose();
            _present.Dispose();
        }
    }
}
