using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.MLNet.Preparation;
using Sparsh.MLNet.Reports;
using Sparsh.MLNet.Studies;
using Sparsh.Simulation.Datasets;
using Sparsh.Simulation.Scenarios;
using Sparsh.Trainers.Decoders;
using Sparsh.Trainers.Encoder;
using Sparsh.Trainers.Pretraining;
using Sparsh.Trainers.Training;
using Sparsh.Transforms.Core;
using Sparsh.Transforms.Preprocessing;
using Sparsh.Transforms.Recordings;
using Sparsh.Transforms.Xela;

namespace Sparsh.PoseTracking;

/// <summary>
/// Sequence tracking with the temporal decoder: simulate an object slid under the palm (pose) or fingertips on a joystick,
/// prepare 0.1 s windows, and estimate the label per window from the sequence so far: a sample-efficiency study of
/// Frozen / FineTune / EndToEnd (and the HiSS baseline) at label budgets x seeds, early-stopped on validation recordings
/// and evaluated on held-out ones.
/// </summary>
public sealed class PoseTrackingRun(PoseTrackingOptions options, Action<string> say)
{
    /// <summary>The deployable zip of the best model on validation of the pose task, in the output folder (Sparsh.LiveScoring --task pose scores it).</summary>
    public const string ModelFileName = "pose_model.zip";

    /// <summary>The same model in stream form, for live apps (each window encoded once; Sparsh.LiveScoring --task pose scores it).</summary>
    public const string StreamModelFileName = "pose_model_stream.zip";

    /// <summary>The deployable zip's file name for a task: <see cref="ModelFileName"/> for pose, <c>joystick_model.zip</c> for the joystick.</summary>
    public static string ModelFileNameFor(TrackingTask task) => task == TrackingTask.Pose ? ModelFileName : $"{task.Name}_model.zip";

    /// <summary>The stream-form zip's file name for a task: <see cref="StreamModelFileName"/> for pose, <c>joystick_model_stream.zip</c> for the joystick.</summary>
    public static string StreamModelFileNameFor(TrackingTask task) => task == TrackingTask.Pose ? StreamModelFileName : $"{task.Name}_model_stream.zip";

    private readonly MLContext _mlContext = new(options.Seed);

    /// <summary>Runs everything and returns the report path and the study.</summary>
    public (string Report, SampleEfficiencyResult Study) Run(CancellationToken cancellationToken = default)
    {
        string data = Path.Combine(options.OutputDirectory, "data");
        var task = options.Task;
        say($"Simulating {options.Recordings} {task.ScenarioTask} recordings of {options.Seconds:F0} s (and rest/play for taring and the encoder)...");
        _mlContext.Sparsh().Simulate(data, new SimulatedDatasetOptions
        {
            Tasks = [RestScenario.TaskName, PlayScenario.TaskName, task.ScenarioTask],
            RecordingsPerTask = options.Recordings, SkinCount = 1, Seed = options.Seed,
            TaskDurationSeconds = new Dictionary<string, double>
            {
                [RestScenario.TaskName] = 2, [PlayScenario.TaskName] = options.Seconds, [task.ScenarioTask] = options.Seconds,
            },
        });
        var manifest = DatasetManifest.Load(data);
        var rest = DatasetManifest.LoadRecording(data, manifest.Recordings.First(r => r.Task == RestScenario.TaskName));
        var preparation = WindowPreparation.Fit(_mlContext, _mlContext.Sparsh().LoadFrames(data, PlayScenario.TaskName, DatasetSplit.Train), TaxelBaseline.FromRest(rest));
        var encoder = Encoder(data, preparation);

        var labelled = preparation.Windows(_mlContext.Sparsh().Frames(manifest.Recordings
            .Where(r => r.Task == task.ScenarioTask && r.Split != DatasetSplit.Test).Select(r => DatasetManifest.LoadRecording(data, r))), task.LabelName);
        var test = preparation.Windows(_mlContext.Sparsh().LoadFrames(data, task.ScenarioTask, DatasetSplit.Test), task.LabelName);
        var study = _mlContext.Sparsh().SampleEfficiencyStudy(new SampleEfficiencyOptions
        {
            LabelColumnName = task.LabelName,
            OutputNames = [.. task.Axes.Select(a => a.Name)],
            Thresholds = [.. task.Axes.Select(a => a.Threshold)],
            OutputActivations = task.Activations?.ToList(),
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
                $"test RMSE {string.Join(", ", task.Axes.Select((a, i) => $"{a.Name} {a.Format(p.Last.Test.Outputs[i].RootMeanSquaredError, a.Unit.Length == 0 ? "F3" : "F1")}"))}")),
            EpochProgress = new SynchronousProgress<EpochReport>(r =>
            {
                if (r.Epoch == r.Epochs || r.Epoch % Math.Max(1, r.Epochs / 5) == 0)
                    say($"  epoch {r.Epoch}/{r.Epochs} (step {r.Step}): train loss {r.TrainLoss:G3}, " +
                        (r.Validated ? $"val RMSE {r.ValidationRmse:G3}" : "not validated this epoch") + $", {r.SamplesPerSecond:F1} sequences/s");
            }),
        }).Run(labelled, test, encoder);
        // Results first: a measured study is kept even if saving the deployable model fails.
        study.SaveCsv(Path.Combine(options.OutputDirectory, "report"));
        string report = PoseTrackingReport.Write(options, study, test, encoder.Config);
        SaveDeployable(data, preparation, study);
        return (report, study);
    }

    // The model a line-of-business app ships, in two forms: one zip whose row is the last windows of the stream (its training
    // sequence length), for scoring recorded sequences, and the stream form, which a live app feeds one window at a time.
    private void SaveDeployable(string data, WindowPreparation preparation, SampleEfficiencyResult study)
    {
        if (study.BestModel is not { } best || study.BestRun is not { } run) return;
        var task = options.Task;
        string path = Path.Combine(options.OutputDirectory, ModelFileNameFor(task));
        var rawWindows = WindowPreparation.RawWindows(_mlContext, _mlContext.Sparsh().LoadFrames(data, task.ScenarioTask, DatasetSplit.Test), task.LabelName);
        preparation.SaveDeployableSequence(path, best, rawWindows);
        say($"Saved the best model on validation ({run.Mode}, {run.BudgetRecordings} recording(s), seed {run.Seed}) as {path}: " +
            $"the last {options.SequenceLengthWindows} raw windows in, the current {task.Name} estimate out.");
        if (options.SequenceLengthWindows < 2) return;
        string streamPath = Path.Combine(options.OutputDirectory, StreamModelFileNameFor(task));
        preparation.SaveDeployableStream(streamPath, best, rawWindows);
        say($"Saved it in stream form as {streamPath}: the new raw window and the summaries of the {options.SequenceLengthWindows - 1} before it in, " +
            "the estimate and the window's summary out (each window encoded once).");
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
