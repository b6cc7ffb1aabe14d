using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Trainers.Decoders;
using Sparsh.Trainers.Torch;
using Sparsh.Trainers.Training;
using Sparsh.Transforms.Core;
using TorchSharp;

namespace Sparsh.Trainers.Hiss;

/// <summary>
/// Trains the HiSS baseline (<see cref="HissModel"/>) on labels only: no pretrained encoder, raw normalised flux in, one
/// estimate per window out. It reads the same columns and cuts the same sequences as the temporal decoder, pads and
/// batches them the same way, and trains with the same supervised loop (AdamW, smooth-L1 on labels at unit scale,
/// early stopping on whole held-out recordings, checkpoints and resume).
/// </summary>
public sealed class HissRegressorEstimator : IEstimator<HissRegressorTransformer>
{
    private readonly MLContext _mlContext;
    private readonly HissRegressorOptions _options;

    /// <summary>Creates the estimator with a copy of <paramref name="options"/>, validated here.</summary>
    internal HissRegressorEstimator(MLContext mlContext, HissRegressorOptions options)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(options);
        _mlContext = mlContext;
        _options = options.Clone();
        _options.Validate();
    }

    /// <inheritdoc/>
    public HissRegressorTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        LabelWidth.Check(input.Schema, _options.LabelColumnName, _options.OutputActivations);
        var shape = HissInputShape.Of(input.Schema, _options.MagneticColumnName);
        var device = TorchDevice.Resolve(_options.Device, _options.CpuThreads);
        using var data = SequenceData.Read(input, _options, requireLabels: true, outputs: 0, () => HissInputs.Read(input, _options, shape, device));
        var sequenceGroups = data.Sequences.Select(s => data.Groups[s[0]]).ToArray();
        var (train, validation) = ValidationSplit.ByGroup(sequenceGroups, _options);

        using var log = new TrainingLog<EpochReport>(_mlContext, nameof(HissRegressorEstimator), _options.Progress);
        log.Info($"{data.Rows} windows in {data.Sequences.Count} sequences of up to {_options.SequenceLengthWindows} " +
                 $"({train.Length} train, {validation.Length} validation), chunks of {shape.Frames} frames x {shape.ValuesPerFrame} values, " +
                 $"LSTMs {_options.ChunkHiddenSize} -> {_options.SequenceHiddenSize}, {data.Outputs} outputs");

        var model = EncoderInTheLoop.Seeded(_options.Seed, () => new HissModel(shape.ValuesPerFrame, _options.ChunkHiddenSize,
            _options.SequenceHiddenSize, data.Outputs, _options.OutputActivations?.ToList()));
        var trainRows = train.SelectMany(sequence => data.Sequences[sequence]).ToArray();
        var scale = OutputScaling.FromLabels(data.Labels, data.Outputs, _options.OutputActivations?.ToList(), trainRows);
        model.SetOutputScale(scale);
        model.to(device);

        using var batches = new PaddedSequenceBatches(model, data, train, validation, _options.SequenceLengthWindows, device) { LossScale = scale };
        var history = SupervisedTrainer.Train(model, [(model.parameters(), _options.LearningRate)], batches, _options, log, _options.CancellationToken);
        model.eval();
        return new HissRegressorTransformer(_options, model, shape, device, data.Outputs, history);
    }

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        SchemaChecks.RequireFloatVector(inputSchema, _options.MagneticColumnName, "normalised flux windows [frames, taxels, 3] for HiSS");
        return SchemaShapes.Append(inputSchema, [new(_options.ScoreColumnName, new VectorDataViewType(NumberDataViewType.Single))]);
    }
}
