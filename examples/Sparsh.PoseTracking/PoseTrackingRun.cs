using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.MLNet;
using Sparsh.MLNet.Reports;
using Sparsh.Quickstart;
using Sparsh.Trainers.Decoders;
using Sparsh.Trainers.Encoder;
using Sparsh.Trainers.Pretraining;
using Sparsh.Trainers.Training;
using Sparsh.Transforms.Preprocessing;
using Sparsh.Transforms.Simulation;
using Sparsh.Transforms.Xela;

namespace Sparsh.PoseTracking;

/// <summary>
/// Object-pose tracking with the temporal decoder: simulate an object slid under the palm, prepare 0.1 s windows, and
/// estimate (Tx, Ty, theta) per window from the sequence so far, Frozen / FineTune / EndToEnd at each labelled-data
/// budget, evaluated on held-out recordings.
/// </summary>
public sealed class PoseTrackingRun(PoseTrackingOptions options, Action<string> say)
{
    /// <summary>Pose label column: (Tx m, Ty m, theta rad) in the palm plane.</summary>
    public const string Pose = ObjectPoseScenario.LabelName;

    /// <summary>Output names in label order.</summary>
    public static readonly string[] PoseAxes = ["Tx", "Ty", "theta"];

    // Accuracy as in pose tracking: within 1 cm in each translation and 0.1 rad (5.7 degrees) in rotation.
    private static readonly double[] AccuracyThresholds = [0.01, 0.01, 0.1];

    private readonly MLContext _mlContext = new(options.Seed);

    /// <summary>Runs everything and returns the report path and every decoder's result.</summary>
    public (string Report, IReadOnlyList<DecoderResult> Results) Run(CancellationToken cancellationToken = default)
    {
        string data = Path.Combine(options.OutputDirectory, "data");
        say($"Simulating {options.Recordings} object-pose recordings of {options.Seconds:F0} s (and rest/play for taring and the encoder)...");
        _mlContext.Sparsh().Simulate(data, new SimulatedDatasetOptions
        {
            Tasks = [RestScenario.TaskName, PlayScenario.TaskName, ObjectPoseScenario.TaskName],
            RecordingsPerTask = options.Recordings, SkinCount = 1, Seed = options.Seed,
            TaskDurationSeconds = new Dictionary<string, double>
            {
                [RestScenario.TaskName] = 2, [PlayScenario.TaskName] = options.Seconds, [ObjectPoseScenario.TaskName] = options.Seconds,
            },
        });
        var manifest = DatasetManifest.Load(data);
        var rest = DatasetManifest.LoadRecording(data, manifest.Recordings.First(r => r.Task == RestScenario.TaskName));
        var preparation = WindowPreparation.Fit(_mlContext, _mlContext.Sparsh().LoadFrames(data, PlayScenario.TaskName, DatasetSplit.Train), TaxelBaseline.FromRest(rest));
        var encoder = Encoder(data, preparation);

        var trainRecordings = manifest.Recordings.Where(r => r.Task == ObjectPoseScenario.TaskName && r.Split != DatasetSplit.Test).ToList();
        var test = preparation.Windows(_mlContext.Sparsh().LoadFrames(data, ObjectPoseScenario.TaskName, DatasetSplit.Test), Pose);
        var results = new DecoderComparison(_mlContext, preparation, encoder).Run(data, trainRecordings, test,
            new(Pose, PoseAxes, AccuracyThresholds), options.Budgets, options.Modes, options.Seed, (mode, budget, training) =>
            {
                int epochs = EpochsForSteps(training);
                say($"Temporal decoder {mode} at {budget:P1} of the labelled recordings ({epochs} epochs)...");
                var model = _mlContext.Sparsh().TemporalDecoderRegressor(DecoderOptions(mode, epochs, encoder, cancellationToken)).Fit(training);
                return (model, model.History);
            }).Select(r => r.Result).ToList();
        return (PoseTrackingReport.Write(options, results, test, encoder.Config), results);
    }

    // Sequences per recording are its windows in chunks of the sequence length (the decoder cuts them the same way).
    private int EpochsForSteps(IDataView training)
    {
        int sequences = training.GetColumn<string>(XelaColumnNames.RecordingId).GroupBy(id => id)
            .Sum(recording => (recording.Count() + options.SequenceLengthWindows - 1) / options.SequenceLengthWindows);
        int stepsPerEpoch = (sequences + options.BatchSize - 1) / options.BatchSize;
        return Math.Max(1, (options.OptimizerSteps + stepsPerEpoch - 1) / stepsPerEpoch);
    }

    private TemporalDecoderRegressorOptions DecoderOptions(DecoderMode mode, int epochs, SparshSkinEncoderTransformer encoder, CancellationToken cancellationToken) => new()
    {
        Mode = mode,
        Encoder = mode == DecoderMode.FineTune ? encoder.Encoder : null,
        EncoderConfig = encoder.Config,
        LabelColumnName = Pose,
        SequenceLengthWindows = options.SequenceLengthWindows,
        Epochs = epochs,
        BatchSize = options.BatchSize,
        LearningRate = 1e-3,
        ValidationFraction = 0,
        Heads = encoder.Config.Heads,
        Seed = options.Seed,
        CpuThreads = 2,
        CancellationToken = cancellationToken,
        Progress = new SynchronousProgress<EpochReport>(r =>
        {
            if (r.Epoch == r.Epochs || r.Epoch % Math.Max(1, r.Epochs / 5) == 0)
                say($"  epoch {r.Epoch}/{r.Epochs} (step {r.Step}): train loss {r.TrainLoss:G3}, {r.SamplesPerSecond:F1} sequences/s");
        }),
    };

    private SparshSkinEncoderTransformer Encoder(string data, WindowPreparation preparation)
    {
        if (options.EncoderCheckpoint is { } checkpoint && File.Exists(checkpoint))
        {
            say($"Using the pretrained encoder in {checkpoint}.");
            return _mlContext.Sparsh().Encoder(checkpoint);
        }
        say($"No encoder checkpoint found: pretraining a small one on the simulated play ({options.PretrainingEpochs} epochs)...");
        var pretraining = SparshPretrainingOptions.Cpu();
        pretraining.Epochs = options.PretrainingEpochs;
        pretraining.Seed = options.Seed;
        return _mlContext.Sparsh().Pretrain(pretraining).Fit(preparation.Windows(_mlContext.Sparsh().LoadFrames(data, PlayScenario.TaskName, DatasetSplit.Train)));
    }
}
