using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.MLNet.Preparation;
using Sparsh.Simulation.Datasets;
using Sparsh.Simulation.Scenarios;
using Sparsh.Trainers.Decoders;
using Sparsh.Trainers.Encoder;
using Sparsh.Trainers.Training;
using Sparsh.Transforms.Core;
using Sparsh.Transforms.Preprocessing;
using Sparsh.Transforms.Recordings;
using Sparsh.Transforms.Xela;

namespace Sparsh.PretrainedEncoder;

/// <summary>
/// Meta's released encoder in an ML.NET pipeline: read the PyTorch checkpoint -> simulate labelled force probing ->
/// normalise with the checkpoint's own flux statistics -> train a force decoder on the encoder (FineTune or Frozen) ->
/// evaluate on held-out recordings -> save the deployable zip -> score it with plain ML.NET -> write the (fine-tuned)
/// encoder back under the reference names for PyTorch users.
/// </summary>
public sealed class PretrainedEncoderRun(PretrainedEncoderOptions options, Action<string> log)
{
    /// <summary>Name of the force label stream and column.</summary>
    public const string ForceColumn = ForceProbingScenario.LabelName;

    /// <summary>Names of the force components, in label order (newtons).</summary>
    public static readonly string[] ForceAxes = ["shear x", "shear y", "normal"];

    private readonly MLContext _mlContext = new(options.Seed);

    /// <summary>Runs every step and returns what it produced.</summary>
    public PretrainedEncoderResult Run(CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        string root = Directory.CreateDirectory(options.OutputDirectory).FullName;
        var sparsh = _mlContext.Sparsh();

        using var checkpoint = sparsh.PyTorchEncoderCheckpoint(options.CheckpointPath, options.Heads);
        var config = checkpoint.Config;
        log($"Checkpoint {checkpoint.Path}: dim {config.EmbeddingDim}, depth {config.Depth}, {config.Heads} heads, {config.RegisterTokens} register(s), " +
            $"token-embedding norm {(config.TokenEmbeddingNorm ? "yes" : "no")}, keys under '{checkpoint.KeyPrefix}' ({checkpoint.IgnoredKeys.Count} other keys not read)");
        log($"Flux statistics of the checkpoint: mean [{string.Join(", ", checkpoint.Statistics.Mean.Select(v => v.ToString("G4")))}], " +
            $"std [{string.Join(", ", checkpoint.Statistics.Std.Select(v => v.ToString("G4")))}] counts");

        string data = Path.Combine(root, "data");
        var manifest = Simulate(data, cancellationToken);
        var rest = DatasetManifest.LoadRecording(data, manifest.Recordings.First(r => r.Task == RestScenario.TaskName));
        var trainFrames = sparsh.LoadFrames(data, ForceProbingScenario.TaskName, DatasetSplit.Train);
        var testFrames = sparsh.LoadFrames(data, ForceProbingScenario.TaskName, DatasetSplit.Test);
        // The encoder learnt on flux normalised with its own statistics: use them, do not fit new ones.
        var preparation = WindowPreparation.Fit(_mlContext, trainFrames, TaxelBaseline.FromRest(rest), checkpoint.Statistics);
        var train = preparation.Windows(trainFrames, ForceColumn);
        var test = preparation.Windows(testFrames, ForceColumn);

        using var encoder = checkpoint.CreateEncoder();
        var (model, decoder) = TrainDecoder(encoder, train, cancellationToken);
        var metrics = sparsh.Evaluate(model.Transform(test), ForceColumn, XelaColumnNames.Score, ForceAxes);
        log($"Test ({metrics.RowCount} windows): RMSE {string.Join(" / ", metrics.Outputs.Select(o => o.RootMeanSquaredError.ToString("F3")))} N, " +
            $"Pearson r of normal force {metrics.Outputs[2].PearsonR:F2}");

        string modelPath = Path.Combine(root, "force_model.zip");
        var rawTest = WindowPreparation.RawWindows(_mlContext, testFrames, ForceColumn);
        preparation.SaveDeployable(modelPath, model, rawTest);
        var (rows, largest) = ScoreWithPlainMlNet(modelPath, rawTest, model.Transform(test));
        log($"Saved {modelPath}; plain ML.NET scored {rows} held-out windows from it, at most {largest:G3} N from the in-memory model");

        // The encoder as trained here (FineTune changes it), for the reference XelaTransformer.
        string exported = Path.Combine(root, "encoder_for_pytorch.safetensors");
        sparsh.SaveEncoderForPyTorch(decoder.Encoder ?? encoder, exported, checkpoint.Statistics);
        log($"Wrote {exported}: load it with XelaTransformer.load_state_dict(safetensors.torch.load_file(...))");
        return new PretrainedEncoderResult(config, metrics, modelPath, rows, largest, exported, clock.Elapsed);
    }

    private DatasetManifest Simulate(string data, CancellationToken cancellationToken)
    {
        var simulation = new SimulatedDatasetOptions
        {
            Tasks = [RestScenario.TaskName, ForceProbingScenario.TaskName],
            RecordingsPerTask = options.Recordings,
            SkinCount = 1,
            Seed = options.Seed,
            ValidationFraction = 0,
            TestFraction = 0.25,
            TaskDurationSeconds = new Dictionary<string, double>
            {
                [RestScenario.TaskName] = 2,
                [ForceProbingScenario.TaskName] = options.ForceSeconds,
            },
        };
        log($"Simulating {options.Recordings} force-probing recordings of {options.ForceSeconds} s (a quarter held out for the test)");
        return _mlContext.Sparsh().Simulate(data, simulation, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// FineTune: one decoder that carries its own copy of the encoder and reads windows. Frozen: the checkpoint's encoder
    /// computes tokens once and the decoder learns on them; the model is the two chained.
    /// </summary>
    private (ITransformer Model, AttentivePoolerRegressorTransformer Decoder) TrainDecoder(SparshSkinEncoder encoder, IDataView train, CancellationToken cancellationToken)
    {
        var decoderOptions = new AttentivePoolerRegressorOptions
        {
            Mode = options.Mode,
            Encoder = options.Mode == DecoderMode.FineTune ? encoder : null,
            EncoderConfig = encoder.Config,
            LabelColumnName = ForceColumn,
            Epochs = 1000,
            MaxSteps = options.DecoderSteps,
            BatchSize = options.BatchSize,
            LearningRate = 1e-3,
            Heads = 2,
            OutputActivations = [OutputActivation.None, OutputActivation.None, OutputActivation.Softplus],
            Seed = options.Seed,
            CpuThreads = 2,
            CancellationToken = cancellationToken,
            Progress = new SynchronousProgress<EpochReport>(r =>
                log($"  {options.Mode} decoder epoch {r.Epoch}, step {r.Step}/{options.DecoderSteps}: train loss {r.TrainLoss:F4}, validation RMSE {r.ValidationRmse:F3} N")),
        };
        if (options.Mode == DecoderMode.FineTune)
        {
            var fineTuned = _mlContext.Sparsh().AttentivePoolerRegressor(decoderOptions).Fit(train);
            return (fineTuned, fineTuned);
        }
        if (options.Mode != DecoderMode.Frozen)
            throw new ArgumentException($"Mode {options.Mode}: the example trains on the checkpoint's encoder, Frozen or FineTune.");
        var encoderTransformer = _mlContext.Sparsh().Encoder(encoder);
        var tokens = _mlContext.Data.Cache(encoderTransformer.Transform(train));
        var frozen = _mlContext.Sparsh().AttentivePoolerRegressor(decoderOptions).Fit(tokens);
        return (new TransformerChain<ITransformer>(encoderTransformer, frozen), frozen);
    }

    /// <summary>What an app does: a fresh MLContext loads the zip and predicts the raw windows; compared with the model in memory.</summary>
    private static (long Rows, double LargestDifference) ScoreWithPlainMlNet(string modelPath, IDataView rawWindows, IDataView inMemory)
    {
        var app = new MLContext();
        var loaded = app.Model.Load(modelPath, out _);
        var (rows, fromZip) = DataViewReader.ReadFloatColumns(loaded.Transform(rawWindows), XelaColumnNames.Score);
        var (memoryRows, fromMemory) = DataViewReader.ReadFloatColumns(inMemory, XelaColumnNames.Score);
        if (rows != memoryRows) throw new InvalidOperationException($"The zip scored {rows} windows, the in-memory model {memoryRows}.");
        double largest = 0;
        for (int i = 0; i < fromZip[0].Length; i++) largest = Math.Max(largest, Math.Abs(fromZip[0][i] - fromMemory[0][i]));
        return (rows, largest);
    }
}
