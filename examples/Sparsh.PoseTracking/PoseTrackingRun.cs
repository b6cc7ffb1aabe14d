using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.MLNet;
using Sparsh.MLNet.Evaluation;
using Sparsh.MLNet.Reports;
using Sparsh.Quickstart;
using Sparsh.Trainers.Decoders;
using Sparsh.Trainers.Encoder;
using Sparsh.Trainers.Pretraining;
using Sparsh.Transforms.Core;
using Sparsh.Transforms.Preprocessing;
using Sparsh.Transforms.Simulation;
using Sparsh.Transforms.Xela;

namespace Sparsh.PoseTracking;

/// <summary>
/// Object-pose tracking with the temporal decoder: simulate an object slid under the hand, encode every 0.1 s window
/// with a (frozen) Sparsh-skin encoder, and estimate (Tx, Ty, theta) per window from the sequence so far.
/// </summary>
public sealed class PoseTrackingRun(string output, int recordings, double seconds, int epochs, string? encoderCheckpoint, int seed, Action<string> say)
{
    private const string Pose = ObjectPoseScenario.LabelName;
    private readonly MLContext _mlContext = new(seed);

    /// <summary>Runs everything and returns the report path and the test metrics.</summary>
    public (string Report, MultiOutputRegressionMetrics Metrics) Run()
    {
        string data = Path.Combine(output, "data");
        say($"Simulating {recordings} object-pose recordings of {seconds:F0} s (and rest/play for taring and the encoder)...");
        _mlContext.Sparsh().Simulate(data, new SimulatedDatasetOptions
        {
            Tasks = [RestScenario.TaskName, PlayScenario.TaskName, ObjectPoseScenario.TaskName],
            RecordingsPerTask = recordings, SkinCount = 1, Seed = seed,
            TaskDurationSeconds = new Dictionary<string, double> { [RestScenario.TaskName] = 2, [PlayScenario.TaskName] = seconds, [ObjectPoseScenario.TaskName] = seconds },
        });
        var manifest = DatasetManifest.Load(data);
        var rest = DatasetManifest.LoadRecording(data, manifest.Recordings.First(r => r.Task == RestScenario.TaskName));
        var preparation = WindowPreparation.Fit(_mlContext, _mlContext.Sparsh().LoadFrames(data, PlayScenario.TaskName, DatasetSplit.Train), TaxelBaseline.FromRest(rest));
        var encoder = Encoder(data, preparation);

        var train = _mlContext.Data.Cache(encoder.Transform(preparation.Windows(_mlContext.Sparsh().LoadFrames(data, ObjectPoseScenario.TaskName, DatasetSplit.Train), Pose)));
        var test = _mlContext.Data.Cache(encoder.Transform(preparation.Windows(_mlContext.Sparsh().LoadFrames(data, ObjectPoseScenario.TaskName, DatasetSplit.Test), Pose)));
        say($"Training the temporal decoder ({epochs} epochs, sequences of 5 s)...");
        var decoder = _mlContext.Sparsh().TemporalDecoderRegressor(new TemporalDecoderRegressorOptions
        {
            LabelColumnName = Pose, SequenceLengthWindows = 50, Epochs = epochs, BatchSize = 4, LearningRate = 1e-3,
            Heads = encoder.Config.Heads, Seed = seed, CpuThreads = 2, EarlyStoppingPatience = 5, ValidationFraction = 0,
        }).Fit(train);

        var scored = decoder.Transform(test);
        // Accuracy as in pose tracking: within 1 cm in each translation and 0.1 rad (5.7 degrees) in rotation.
        var metrics = _mlContext.Sparsh().Evaluate(scored, Pose, "Score", ["Tx", "Ty", "theta"], [0.01, 0.01, 0.1]);
        return (Report(scored, metrics, decoder), metrics);
    }

    private SparshSkinEncoderTransformer Encoder(string data, WindowPreparation preparation)
    {
        if (encoderCheckpoint != null && File.Exists(encoderCheckpoint))
        {
            say($"Using the pretrained encoder in {encoderCheckpoint}.");
            return _mlContext.Sparsh().Encoder(encoderCheckpoint);
        }
        say("No encoder checkpoint given or found: pretraining a small one on the simulated play (2 epochs)...");
        var options = SparshPretrainingOptions.Cpu();
        options.Epochs = 2;
        options.Seed = seed;
        return _mlContext.Sparsh().Pretrain(options).Fit(preparation.Windows(_mlContext.Sparsh().LoadFrames(data, PlayScenario.TaskName, DatasetSplit.Train)));
    }

    private string Report(IDataView scored, MultiOutputRegressionMetrics metrics, TemporalDecoderRegressorTransformer decoder)
    {
        var report = new MarkdownReport(Path.Combine(output, "report"), "Object pose tracking with the temporal decoder");
        report.Paragraph("Frozen Sparsh-skin tokens of every 0.1 s window -> attentive pooling -> sinusoidal time embedding -> causal " +
                         "transformer block -> (Tx, Ty, theta) per window, on held-out recordings.");
        report.Table(metrics.ToDataFrame());
        report.Paragraph($"Accuracy (Tx and Ty within 1 cm and theta within 0.1 rad): {metrics.AccuracyWithinThresholds:P1}; " +
                         $"mean Euclidean error {metrics.MeanEuclideanError:F4}.");

        var ids = scored.GetColumn<string>(XelaColumnNames.RecordingId).ToArray();
        var starts = scored.GetColumn<double>(XelaColumnNames.WindowStartSeconds).ToArray();
        var (_, values) = DataViewReader.ReadFloatColumns(scored, Pose, "Score");
        string first = ids[0];
        var rows = Enumerable.Range(0, ids.Length).Where(i => ids[i] == first).OrderBy(i => starts[i]).ToArray();
        double[] time = rows.Select(i => starts[i] + 0.1).ToArray();
        double[] Series(float[] v, int axis, double scale) => rows.Select(i => scale * v[3 * i + axis]).ToArray();
        ReportPlots.Lines(report.FigurePath("pose_translation.png"), $"Object translation, recording {first}", "time (s)", "position in the palm plane (mm)",
        [
            new("Tx true", time, Series(values[0], 0, 1000)), new("Tx predicted", time, Series(values[1], 0, 1000)),
            new("Ty true", time, Series(values[0], 1, 1000)), new("Ty predicted", time, Series(values[1], 1, 1000)),
        ]);
        report.Figure("pose_translation.png", "True and predicted object translation over time (millimetres).");
        ReportPlots.Lines(report.FigurePath("pose_rotation.png"), $"Object rotation, recording {first}", "time (s)", "theta (degrees)",
        [
            new("theta true", time, Series(values[0], 2, 180 / Math.PI)), new("theta predicted", time, Series(values[1], 2, 180 / Math.PI)),
        ]);
        report.Figure("pose_rotation.png", "True and predicted object rotation over time (degrees).");
        ReportPlots.Lines(report.FigurePath("pose_training.png"), "Temporal decoder training", "epoch", "smooth-L1 loss",
            [new("train", decoder.History.Epochs.Select(e => (double)e.Epoch).ToArray(), decoder.History.Epochs.Select(e => e.TrainLoss).ToArray())]);
        report.Figure("pose_training.png", "Training loss per epoch.");
        return report.Save();
    }
}
