using Microsoft.ML;
using Sparsh.Trainers.Encoder;
using Sparsh.Trainers.Torch;
using Sparsh.Trainers.Training;
using Sparsh.Transforms.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Decoders;

/// <summary>
/// Trains a <see cref="TemporalDecoder"/> on sequences of windows (joystick state, object pose over time), in the paper's
/// three modes: Frozen reads the encoder's tokens once and reuses them every epoch; FineTune trains a copy of a pretrained
/// encoder too, at its own lower learning rate; EndToEnd trains the same architecture from random weights. Sequences are
/// padded to one length and padded steps add no loss (the decoder is causal, so padding after a sequence never changes its
/// real steps). Validation holds out whole recordings.
/// </summary>
public sealed class TemporalDecoderRegressorEstimator : IEstimator<TemporalDecoderRegressorTransformer>
{
    private readonly MLContext _mlContext;
    private readonly TemporalDecoderRegressorOptions _options;

    /// <summary>Creates the estimator with a copy of <paramref name="options"/>, validated here.</summary>
    internal TemporalDecoderRegressorEstimator(MLContext mlContext, TemporalDecoderRegressorOptions options)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(options);
        _mlContext = mlContext;
        _options = options.Clone();
        _options.Validate();
    }

    /// <inheritdoc/>
    public TemporalDecoderRegressorTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _options.CheckLabelWidth(input.Schema);
        var config = _options.Mode == DecoderMode.Frozen ? null : EncoderInTheLoop.Config(_options);
        var device = TorchDevice.Resolve(_options.Device, _options.CpuThreads);
        using var data = SequenceData.Read(input, _options, config, device, requireLabels: true);
        var sequenceGroups = data.Sequences.Select(s => data.Groups[s[0]]).ToArray();
        var (train, validation) = ValidationSplit.ByGroup(sequenceGroups, _options);

        using var log = new TrainingLog<EpochReport>(_mlContext, nameof(TemporalDecoderRegressorEstimator), _options.Progress);
        string inputs = config is null ? "frozen tokens" : $"encoder {config.EmbeddingDim}x{config.Depth} ({_options.Mode})";
        log.Info($"{data.Rows} windows in {data.Sequences.Count} sequences of up to {_options.SequenceLengthWindows} " +
                 $"({train.Length} train, {validation.Length} validation), {inputs}, {data.Outputs} outputs");

        var width = config?.EmbeddingDim ?? TokenWidth(input);
        var (model, encoder, decoder) = EncoderInTheLoop.Seeded(_options.Seed, () =>
        {
            var decoder = new TemporalDecoder(width, _options.Heads, data.Outputs, _options.OutputActivations?.ToList());
            if (config is null) return ((nn.Module<Tensor, Tensor?, Tensor>)decoder, (SparshSkinEncoder?)null, decoder);
            var combined = new EncoderTemporalDecoderModel(new SparshSkinEncoder(config), decoder);
            return (combined, combined.Encoder, decoder);
        });
        var trainRows = train.SelectMany(sequence => data.Sequences[sequence]).ToArray();
        var scale = OutputScaling.FromLabels(data.Labels, data.Outputs, _options.OutputActivations?.ToList(), trainRows);
        decoder.SetOutputScale(scale);
        if (encoder is not null) EncoderInTheLoop.StartFromPretrained(_options, encoder);
        model.to(device);

        using var batches = new PaddedSequenceBatches(model, data, train, validation, _options.SequenceLengthWindows, device) { LossScale = scale };
        var groups = encoder is null ? [(decoder.parameters(), _options.LearningRate)] : EncoderInTheLoop.ParameterGroups(_options, encoder, decoder);
        var history = SupervisedTrainer.Train(model, groups, batches, _options, log, _options.CancellationToken);
        model.eval();
        return new TemporalDecoderRegressorTransformer(_options, model, decoder, encoder, device, data.Outputs, history);
    }

    private int TokenWidth(IDataView input) => AttentivePoolerRegressorEstimator.TokenShape(input.Schema, _options.TokensColumnName).Width;

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return _options.OutputSchema(inputSchema);
    }
}
