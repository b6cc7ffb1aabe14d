using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.MLNet;
using Sparsh.MLNet.Reports;
using Sparsh.MLNet.Preparation;
using Sparsh.MLNet.Studies;
using Sparsh.Transforms.Core;
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
/// estimate (Tx, Ty, theta) per window from the sequence so far: a sample-efficiency study of Frozen / FineTune / EndToEnd
/// at label budgets x seeds, early-stopped on validation recordings and evaluated on held-out ones.
/// </summary>
public sealed class PoseTrackingRun(PoseTrackingOptions options, Action<string> say)
{
    /// <summary>Pose label column: (Tx m, Ty m, theta rad) in the palm plane.</summary>
    public const string Pose = ObjectPoseScenario.LabelName;

    /// <summary>Output names in label order.</summary>
    public static readonly string[] PoseAxes = ["Tx", "Ty", "theta"];

    // Accuracy as in pose tracking: within 1 cm in each translation and 0.1 rad (5.7 degrees) in rotation.
    private static readonly double[] AccuracyThresholds = [0.01, 0.01, 0.1];

    /// <summary>The deployable zip of the best model on validation, in the output folder (Sparsh.LiveScoring --task pose scores it).</summary>
    public const string ModelFileName = "pose_model.zip";

    private readonly MLContext _mlContext = new(options.Seed);

    /// <summary>Runs everything and returns the report path and the study.</summary>
    public (string Report, SampleEfficiencyResult Study) Run(CancellationToken cancellationToken = default)
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

        var labelled = preparation.Windows(_mlContext.Sparsh().Frames(manifest.Recordings
            .Where(r => r.Task == ObjectPoseScenario.TaskName && r.Split != DatasetSplit.Test).Select(r => DatasetManifest.LoadRecording(data, r))), Pose);
        var test = preparation.Windows(_mlContext.Sparsh().LoadFrames(data, ObjectPoseScenario.TaskName, DatasetSplit.Test), Pose);
        var study = _mlContext.Sparsh().SampleEfficiencyStudy(new SampleEfficiencyOptions
        {
            LabelColumnName = Pose,
            OutputNames = PoseAxes,
            Thresholds = AccuracyThresholds,
            Decoder = SampleEfficiencyDecoder.Temporal,
            SequenceLengthWindows = options.SequenceLengthWindows,
            BudgetRecordings = options.BudgetRecordings,
            ValidationRecordings = options.ValidationRecordings,
            Seeds = options.StudySeeds,
            Modes = options.Modes,
            LearningRates = options.LearningRates,
            OptimizerSteps = options.OptimizerSteps,
            BatchSize = options.BatchSize,
            Heads = encoder.Config.Heads,
            CpuThreads = 2,
            CancellationToken = cancellationToken,
            Progress = new SynchronousProgress<SampleEfficiencyProgress>(p => say(
                $"[{p.Completed}/{p.Total}] {p.Last.Mode}, {p.Last.BudgetRecordings} recording(s), seed {p.Last.Seed}: " +
                $"test RMSE Tx {1000 * p.Last.Test.Outputs[0].RootMeanSquaredError:F1} mm, Ty {1000 * p.Last.Test.Outputs[1].RootMeanSquaredError:F1} mm, " +
                $"theta {p.Last.Test.Outputs[2].RootMeanSquaredError * 180 / Math.PI:F1} deg")),
            EpochProgress = new SynchronousProgress<EpochReport>(r =>
            {
                if (r.Epoch == r.Epochs || r.Epoch % Math.Max(1, r.Epochs / 5) == 0)
                    say($"  epoch {r.Epoch}/{r.Epochs} (step {r.Step}): train loss {r.TrainLoss:G3}, val RMSE {r.ValidationRmse:G3}, {r.SamplesPerSecond:F1} sequences/s");
            }),
        }).Run(labelled, test, encoder);
        SaveDeployable(data, preparation, study);
        return (PoseTrackingReport.Write(options, study, test, encoder.Config), study);
    }

    // The model a line-of-business app ships: one zip whose row is the last windows of the stream (its training sequence length).
    private void SaveDeployable(string data, WindowPreparation preparation, SampleEfficiencyResult study)
    {
        if (study.BestModel is not { } best || study.BestRun is not { } run) return;
        string path = Path.Combine(options.OutputDirectory, ModelFileName);
        var rawWindows = WindowPreparation.RawWindows(_mlContext, _mlContext.Sparsh().LoadFrames(data, ObjectPoseScenario.TaskName, DatasetSplit.Test), Pose);
        preparation.SaveDeployableSequence(path, best, rawWindows);
        say($"Saved the best model on validation ({run.Mode}, {run.BudgetRecordings} recording(s), seed {run.Seed}) as {path}: " +
            $"the last {options.SequenceLengthWindows} raw windows in, the current pose out.");
    }

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
