using System.Diagnostics;
using Microsoft.Data.Analysis;
using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.MLNet;
using Sparsh.MLNet.Preparation;
using Sparsh.MLNet.Splits;
using Sparsh.MLNet.Studies;
using Sparsh.Scoring.Force;
using Sparsh.Simulation.Datasets;
using Sparsh.Simulation.Scenarios;
using Sparsh.Trainers.Decoders;
using Sparsh.Trainers.Encoder;
using Sparsh.Trainers.LinearProbe;
using Sparsh.Trainers.Pretraining;
using Sparsh.Transforms.Core;
using Sparsh.Transforms.Preprocessing;
using Sparsh.Transforms.Recordings;
using Sparsh.Transforms.Xela;

namespace Sparsh.Quickstart;

/// <summary>
/// The paper's story on simulated data: simulate play and force probing -> pretrain a Sparsh-skin encoder on play ->
/// a sample-efficiency study (linear probe, Frozen, FineTune, EndToEnd at label budgets x seeds, chosen on validation
/// recordings, tested on others) -> save the model that scored best on validation (any mode, the linear probe included) as the deployable model zip ->
/// reload it as a line-of-business app and predict -> report.
/// </summary>
public sealed class QuickstartRun(QuickstartOptions options, IProgress<StepProgress> progress)
{
    /// <summary>Name of the force label stream and column.</summary>
    public const string ForceColumn = ForceProbingScenario.LabelName;

    /// <summary>Names of the force components, in label order (newtons, probed taxel's frame).</summary>
    public static readonly string[] ForceAxes = ["shear x", "shear y", "normal"];

    private readonly MLContext _mlContext = new(options.Seed);
    private readonly List<SparshPretrainingProgress> _pretrainingLog = [];

    /// <summary>Runs every step; returns where the report and model are and what they show.</summary>
    public QuickstartResult Run(CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        string root = Directory.CreateDirectory(options.OutputDirectory).FullName;
        string data = Path.Combine(root, "data");

        var manifest = Simulate(data, cancellationToken);
        var rest = DatasetManifest.LoadRecording(data, manifest.Recordings.First(r => r.Task == RestScenario.TaskName));
        var preparation = WindowPreparation.Fit(_mlContext, _mlContext.Sparsh().LoadFrames(data, PlayScenario.TaskName, DatasetSplit.Train),
            TaxelBaseline.FromRest(rest));
        // Labelled: every force recording outside the test split (the study sets its own validation recordings aside).
        var forceRecordings = LoadRecordings(data, manifest, ForceProbingScenario.TaskName);
        var labelled = preparation.Windows(_mlContext.Sparsh().Frames(forceRecordings), ForceColumn);
        // The online probes read a few force and object-pose recordings: enough to fit a ridge regression on some and score it on others.
        EncoderProbeOptions Probe(string name, IEnumerable<XelaRecording> recordings, string label) => new()
        {
            Name = name,
            LabelColumnName = label,
            Data = preparation.Windows(_mlContext.Sparsh().Frames(recordings.Take(options.ProbeRecordings)), label),
        };
        List<EncoderProbeOptions> probes =
        [
            Probe("force", forceRecordings, ForceColumn),
            Probe("pose", LoadRecordings(data, manifest, ObjectPoseScenario.TaskName, options.ProbeRecordings), ObjectPoseScenario.LabelName),
        ];
        var encoder = Pretrain(data, preparation, probes, Path.Combine(root, "checkpoints"), cancellationToken);
        var testFrames = _mlContext.Sparsh().LoadFrames(data, ForceProbingScenario.TaskName, DatasetSplit.Test);
        var testWindows = preparation.Windows(testFrames, ForceColumn);
        var study = _mlContext.Sparsh().SampleEfficiencyStudy(StudyOptions(cancellationToken)).Run(labelled, testWindows, encoder);
        Directory.CreateDirectory(Path.Combine(root, "report"));
        study.SaveCsv(Path.Combine(root, "report"));

        // Ship the model that scored best on the validation recordings, whatever its mode.
        var shipped = study.BestModel ?? throw new InvalidOperationException("The study trained no model to ship.");
        var (_, shippedValues) = DataViewReader.ReadFloatColumns(shipped.Transform(testWindows), ForceColumn, "Score");
        string modelPath = Path.Combine(root, "force_model.zip");
        string testWindowsPath = Path.Combine(root, "test_windows.idv");
        var rawTestWindows = WindowPreparation.RawWindows(_mlContext, testFrames, ForceColumn);
        SaveTestWindows(testWindowsPath, rawTestWindows);
        Report(progress, "Saving model zip", 0, 1);
        preparation.SaveDeployable(modelPath, shipped, rawTestWindows);
        Report(progress, "Saving model zip", 1, 1);
        var app = ScoreLikeAnApp(modelPath, testWindowsPath);

        var result = new QuickstartResult(Path.Combine(root, "report", "report.md"), modelPath, testWindowsPath, study,
            shippedValues[0], shippedValues[1], app, clock.Elapsed);
        Report(progress, "Report", 0, 1);
        QuickstartReport.Write(result, options, _pretrainingLog, testWindows, encoder.Config);
        Report(progress, "Report", 1, 1);
        return result with { Elapsed = clock.Elapsed };
    }

    private DatasetManifest Simulate(string data, CancellationToken cancellationToken)
    {
        // One skin, as on the paper's hand: a rest recording tares it, play pretrains, force probing is labelled.
        var simulation = new SimulatedDatasetOptions
        {
            // Object pose only feeds the online probe; it comes last so the other tasks' recordings do not change with it.
            Tasks = [RestScenario.TaskName, PlayScenario.TaskName, ForceProbingScenario.TaskName, ObjectPoseScenario.TaskName],
            RecordingsPerTask = options.RecordingsPerTask,
            SkinCount = 1,
            Seed = options.Seed,
            // A quarter of the force recordings are the test set; the study draws its validation recordings from the rest.
            ValidationFraction = 0,
            TestFraction = 0.25,
            TaskDurationSeconds = new Dictionary<string, double>
            {
                [RestScenario.TaskName] = 2,
                [PlayScenario.TaskName] = options.PlaySeconds,
                [ForceProbingScenario.TaskName] = options.ForceSeconds,
                [ObjectPoseScenario.TaskName] = options.PoseProbeSeconds,
            },
        };
        int total = simulation.Tasks.Count * options.RecordingsPerTask;
        return _mlContext.Sparsh().Simulate(data, simulation,
            new SynchronousProgress<DatasetProgress>(p => Report(progress, "Simulating recordings", p.Completed, total, p.RecordingId)), cancellationToken);
    }

    private SparshSkinEncoderTransformer Pretrain(string data, WindowPreparation preparation, IList<EncoderProbeOptions> probes, string checkpoints, CancellationToken cancellationToken)
    {
        if (options.EncoderCheckpoint is { } checkpoint) return _mlContext.Sparsh().Encoder(checkpoint);
        var train = preparation.Windows(_mlContext.Sparsh().LoadFrames(data, PlayScenario.TaskName, DatasetSplit.Train));
        var pretraining = options.Pretraining();
        pretraining.Epochs = options.PretrainingEpochs;
        pretraining.Objective = options.Objective ?? pretraining.Objective;
        pretraining.Seed = options.PretrainingSeed ?? options.Seed;
        pretraining.CheckpointPath = Path.Combine(checkpoints, "pretraining.ckpt");
        pretraining.CancellationToken = cancellationToken;
        pretraining.LogEverySteps = 5;
        pretraining.Probes = probes;
        pretraining.ProbeEverySteps = options.ProbeEverySteps;
        pretraining.Progress = new SynchronousProgress<SparshPretrainingProgress>(p =>
        {
            _pretrainingLog.Add(p);
            Report(progress, $"Pretraining encoder ({pretraining.Objective})", p.Step, p.TotalSteps, $"loss {p.Loss:F3}");
        });
        var validationFrames = TryLoadFrames(data, PlayScenario.TaskName, DatasetSplit.Validation);
        if (validationFrames != null)
        {
            pretraining.ValidationData = preparation.Windows(validationFrames);
            pretraining.ValidateEverySteps = 10;
        }
        return _mlContext.Sparsh().Pretrain(pretraining).Fit(train);
    }

    private SampleEfficiencyOptions StudyOptions(CancellationToken cancellationToken)
    {
        string step = "Force decoders (modes x budgets x seeds)";
        return new SampleEfficiencyOptions
        {
            LabelColumnName = ForceColumn,
            OutputNames = ForceAxes,
            BudgetRecordings = options.BudgetRecordings,
            Seeds = options.StudySeeds,
            Modes = options.Modes,
            ValidationRecordings = options.ValidationRecordings,
            OptimizerSteps = options.DecoderSteps,
            BatchSize = 16,
            LearningRates = options.LearningRates,
            HiddenWidth = options.DecoderHiddenWidth,
            FineTuneEncoderLearningRateRatio = options.FineTuneEncoderLearningRateRatio,
            LinearProbeFeatures = options.ProbeFeatures,
            OutputActivations = [OutputActivation.None, OutputActivation.None, OutputActivation.Softplus],
            CpuThreads = 2,
            CancellationToken = cancellationToken,
            Progress = new SynchronousProgress<SampleEfficiencyProgress>(p => Report(progress, step, p.Completed, p.Total,
                $"{p.Last.Mode} {p.Last.BudgetRecordings} rec. seed {p.Last.Seed}: test RMSE {p.Last.TestMeanRmse:F2} N")),
        };
    }

    /// <summary>The task's recordings outside the test split, in manifest order (at most <paramref name="count"/>).</summary>
    private static List<XelaRecording> LoadRecordings(string data, DatasetManifest manifest, string task, int count = int.MaxValue)
        => manifest.Recordings.Where(r => r.Task == task && r.Split != DatasetSplit.Test).Take(count).Select(r => DatasetManifest.LoadRecording(data, r)).ToList();

    private IDataView? TryLoadFrames(string data, string task, DatasetSplit split)
    {
        var manifest = DatasetManifest.Load(data);
        return manifest.Recordings.Any(r => r.Task == task && r.Split == split) ? _mlContext.Sparsh().LoadFrames(data, task, split) : null;
    }

    /// <summary>The held-out raw windows (counts, joint angles) with their true force, as an ML.NET binary file for the app.</summary>
    private void SaveTestWindows(string path, IDataView rawTestWindows)
    {
        var columns = _mlContext.Transforms.SelectColumns(XelaColumnNames.RecordingId, XelaColumnNames.WindowStartSeconds,
            XelaColumnNames.Magnetic, XelaColumnNames.JointAngles, ForceColumn).Fit(rawTestWindows).Transform(rawTestWindows);
        using var stream = File.Create(path);
        _mlContext.Data.SaveAsBinary(columns, stream);
    }

    /// <summary>What the line-of-business app does: plain ML.NET loads the zip and the test windows and predicts force.</summary>
    private List<(float[] Truth, float[] Predicted)> ScoreLikeAnApp(string modelPath, string testWindowsPath)
    {
        var app = new MLContext();
        using var model = ForceModel.Load(modelPath, app);
        // The windows with the largest normal force show the model at work.
        return ForceTestSet.Load(app, testWindowsPath).OrderByDescending(w => w.ForceNewtons[2]).Take(options.AppWindows)
            .Select(w => (w.ForceNewtons, model.Predict(w).ForceNewtons)).ToList();
    }

    private static void Report(IProgress<StepProgress> progress, string step, double value, double maximum, string status = "")
        => progress.Report(new StepProgress(step, value, maximum, status));
}
