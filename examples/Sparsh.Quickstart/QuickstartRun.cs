using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.ForceScoringApp;
using Sparsh.MLNet;
using Sparsh.MLNet.Splits;
using Sparsh.Trainers.Decoders;
using Sparsh.Trainers.Encoder;
using Sparsh.Trainers.Pretraining;
using Sparsh.Transforms.Core;
using Sparsh.Transforms.Preprocessing;
using Sparsh.Transforms.Recordings;
using Sparsh.Transforms.Simulation;
using Sparsh.Transforms.Xela;

namespace Sparsh.Quickstart;

/// <summary>
/// The paper's story on simulated data: simulate play and force probing -> pretrain a Sparsh-skin encoder on play ->
/// train force decoders Frozen / FineTune / EndToEnd at a small and the full labelled budget -> evaluate on held-out
/// recordings -> save the deployable model zip -> reload it as a line-of-business app and predict -> report.
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
        var encoder = Pretrain(data, preparation, Path.Combine(root, "checkpoints"), cancellationToken);

        var forceTrain = manifest.Recordings.Where(r => r.Task == ForceProbingScenario.TaskName && r.Split != DatasetSplit.Test).ToList();
        var testFrames = _mlContext.Sparsh().LoadFrames(data, ForceProbingScenario.TaskName, DatasetSplit.Test);
        var testWindows = preparation.Windows(testFrames, ForceColumn);
        var results = CompareDecoders(data, forceTrain, preparation, encoder, testWindows, cancellationToken);

        var shipped = results.Single(r => r.Result.Mode == DecoderMode.Frozen && r.Result.Budget == options.Budgets.Max());
        string modelPath = Path.Combine(root, "force_model.zip");
        string testWindowsPath = Path.Combine(root, "test_windows.idv");
        var rawTestWindows = WindowPreparation.RawWindows(_mlContext, testFrames, ForceColumn);
        SaveTestWindows(testWindowsPath, rawTestWindows);
        Report(progress, "Saving model zip", 0, 1);
        ForceModelZip.Save(_mlContext, modelPath, preparation, encoder, shipped.Model, rawTestWindows);
        Report(progress, "Saving model zip", 1, 1);
        var app = ScoreLikeAnApp(modelPath, testWindowsPath);

        var result = new QuickstartResult(Path.Combine(root, "report", "report.md"), modelPath, testWindowsPath, results.Select(r => r.Result).ToList(), app, clock.Elapsed);
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
            Tasks = [RestScenario.TaskName, PlayScenario.TaskName, ForceProbingScenario.TaskName],
            RecordingsPerTask = options.RecordingsPerTask,
            SkinCount = 1,
            Seed = options.Seed,
            TaskDurationSeconds = new Dictionary<string, double>
            {
                [RestScenario.TaskName] = 2,
                [PlayScenario.TaskName] = options.PlaySeconds,
                [ForceProbingScenario.TaskName] = options.ForceSeconds,
            },
        };
        int total = 3 * options.RecordingsPerTask;
        return _mlContext.Sparsh().Simulate(data, simulation,
            new SynchronousProgress<DatasetProgress>(p => Report(progress, "Simulating recordings", p.Completed, total, p.RecordingId)), cancellationToken);
    }

    private SparshSkinEncoderTransformer Pretrain(string data, WindowPreparation preparation, string checkpoints, CancellationToken cancellationToken)
    {
        var train = preparation.Windows(_mlContext.Sparsh().LoadFrames(data, PlayScenario.TaskName, DatasetSplit.Train));
        var pretraining = options.Pretraining();
        pretraining.Epochs = options.PretrainingEpochs;
        pretraining.Seed = options.Seed;
        pretraining.CheckpointPath = Path.Combine(checkpoints, "pretraining.ckpt");
        pretraining.CancellationToken = cancellationToken;
        pretraining.LogEverySteps = 5;
        pretraining.Progress = new SynchronousProgress<SparshPretrainingProgress>(p =>
        {
            _pretrainingLog.Add(p);
            Report(progress, "Pretraining encoder (self-distillation)", p.Step, p.TotalSteps, $"loss {p.Loss:F3}");
        });
        var validationFrames = TryLoadFrames(data, PlayScenario.TaskName, DatasetSplit.Validation);
        if (validationFrames != null)
        {
            pretraining.ValidationData = preparation.Windows(validationFrames);
            pretraining.ValidateEverySteps = 10;
        }
        return _mlContext.Sparsh().Pretrain(pretraining).Fit(train);
    }

    private List<(DecoderResult Result, ITransformer Model)> CompareDecoders(string data, IReadOnlyList<DatasetEntry> trainRecordings,
        WindowPreparation preparation, SparshSkinEncoderTransformer encoder, IDataView testWindows, CancellationToken cancellationToken)
        => new DecoderComparison(_mlContext, preparation, encoder).Run(data, trainRecordings, testWindows, new(ForceColumn, ForceAxes), options.Budgets,
            [DecoderMode.Frozen, DecoderMode.FineTune, DecoderMode.EndToEnd], options.Seed, (mode, budget, training) =>
            {
                var model = _mlContext.Sparsh().AttentivePoolerRegressor(DecoderOptions(mode, budget, encoder, cancellationToken)).Fit(training);
                return (model, model.History);
            });

    private AttentivePoolerRegressorOptions DecoderOptions(DecoderMode mode, double budget, SparshSkinEncoderTransformer encoder, CancellationToken cancellationToken)
    {
        string step = $"Force decoder {mode} @ {budget:P1} of labels";
        return new AttentivePoolerRegressorOptions
        {
            Mode = mode,
            Encoder = mode == DecoderMode.FineTune ? encoder.Encoder : null,
            EncoderConfig = encoder.Config,
            LabelColumnName = ForceColumn,
            Epochs = options.DecoderEpochs,
            BatchSize = 16,
            LearningRate = 1e-3,
            EarlyStoppingPatience = 3,
            ValidationFraction = 0.2,
            OutputActivations = [OutputActivation.None, OutputActivation.None, OutputActivation.Softplus],
            Heads = encoder.Config.Heads,
            Seed = options.Seed,
            CpuThreads = 2,
            CancellationToken = cancellationToken,
            Progress = new SynchronousProgress<Trainers.Training.EpochReport>(r =>
                Report(progress, step, r.Epoch, r.Epochs,
                    double.IsNaN(r.ValidationRmse) ? $"train loss {r.TrainLoss:G3} (too few recordings to hold any out)" : $"val RMSE {r.ValidationRmse:F3} N")),
        };
    }

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
