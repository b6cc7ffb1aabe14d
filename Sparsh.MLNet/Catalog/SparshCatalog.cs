using Microsoft.ML;
using Sparsh.MLNet.Evaluation;
using Sparsh.MLNet.Regression;
using Sparsh.MLNet.Splits;
using Sparsh.MLNet.Studies;
using Sparsh.MLNet.Sweeps;
using Sparsh.Simulation.Datasets;
using Sparsh.Trainers.Decoders;
using Sparsh.Trainers.Encoder;
using Sparsh.Trainers.Hiss;
using Sparsh.Trainers.LinearProbe;
using Sparsh.Trainers.OnnxImport;
using Sparsh.Trainers.Pretraining;
using Sparsh.Trainers.PyTorchImport;
using Sparsh.Transforms.Core;
using Sparsh.Transforms.Frames;
using Sparsh.Transforms.Hand;
using Sparsh.Transforms.Kinematics;
using Sparsh.Transforms.Normalization;
using Sparsh.Transforms.Preprocessing;
using Sparsh.Transforms.Recordings;
using Sparsh.Transforms.SparshSkinDataset;
using Sparsh.Transforms.Validity;
using Sparsh.Transforms.Windowing;

namespace Sparsh.MLNet;

/// <summary>
/// The Sparsh-skin components for ML.NET, reached through <c>mlContext.Sparsh()</c>. Every method
/// returns an ordinary ML.NET estimator that composes with <c>Append</c>.
/// </summary>
public sealed class SparshCatalog
{
    /// <summary>The ML.NET context whose log, seed and environment the components use.</summary>
    public MLContext Context { get; }

    internal SparshCatalog(MLContext context) => Context = context;

    /// <summary>The built-in Allegro hand with XELA skin (368 taxels), or the hand described by a URDF file when a path is given.</summary>
    public HandModel Hand(string? urdfPath = null) => urdfPath == null ? HandModel.AllegroXela : HandModel.FromUrdf(urdfPath);

    /// <summary>
    /// Loads recordings (folders written by <see cref="XelaRecording.Save"/>), resamples every stream onto a common
    /// grid (cubic spline by default) and returns one row per frame, ready for <see cref="XelaWindowing"/>.
    /// </summary>
    public XelaFrameDataView LoadFrames(IEnumerable<string> recordingFolders, double rateHz = 100, Interpolation interpolation = Interpolation.CubicSpline, HandModel? hand = null)
        => Frames(recordingFolders.Select(XelaRecording.Load), rateHz, interpolation, hand);

    /// <summary>
    /// Simulates labelled and unlabelled datasets (play, force probing, joystick, object pose) on several simulated skins
    /// and writes them to <paramref name="root"/> as recordings plus <c>manifest.json</c> (recording, skin, task, split).
    /// </summary>
    public DatasetManifest Simulate(string root, SimulatedDatasetOptions? options = null, IProgress<DatasetProgress>? progress = null,
        CancellationToken cancellationToken = default)
        => new SimulatedDatasetWriter(options).Write(root, progress, cancellationToken);

    /// <summary>
    /// Converts Meta's released Sparsh-skin data (facebook/sparsh-skin-dataset, or one part of it such as its pretraining or
    /// force-estimation folder) into recordings plus <c>manifest.json</c> under <paramref name="outputRoot"/>, the layout
    /// <see cref="Simulate"/> writes, so <see cref="LoadFrames(string, string?, DatasetSplit?, HandModel?)"/> and everything after it
    /// run on real data unchanged. Pickles are read without executing anything in them (a pickle naming anything but plain
    /// data and numpy arrays is refused, naming the file). Each sequence is logged through <c>MLContext.Log</c> with what was
    /// not converted (docs/recording-format.md, "Converting Meta's released data set").
    /// </summary>
    /// <exception cref="InvalidDataException">A file is missing, truncated, malformed or refused; the message names it.</exception>
    public SparshSkinConversion ConvertSparshSkinDataset(string sourceRoot, string outputRoot, SparshSkinDatasetOptions? options = null,
        IProgress<SparshSkinConversionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        using var log = new TrainingLog<SparshSkinConversionProgress>(Context, "SparshSkinDataset", progress);
        return SparshSkinDatasetReader.Convert(sourceRoot, outputRoot, options,
            new SynchronousProgress<SparshSkinConversionProgress>(p => log.Report(p, $"[{p.Completed}/{p.Total}] {p.Sequence}")), cancellationToken);
    }

    /// <summary>Frames of a dataset written by <see cref="Simulate"/> (or any folder with a manifest), optionally one task and split.</summary>
    public XelaFrameDataView LoadFrames(string root, string? task = null, DatasetSplit? split = null, HandModel? hand = null)
    {
        var manifest = DatasetManifest.Load(root);
        var entries = manifest.Recordings.Where(r => (task == null || r.Task == task) && (split == null || r.Split == split)).ToList();
        if (entries.Count == 0)
            throw new ArgumentException($"Dataset '{root}' has no recordings for task '{task ?? "any"}' and split '{split?.ToString() ?? "any"}'.");
        return Frames(entries.Select(e => DatasetManifest.LoadRecording(root, e)), hand: hand);
    }

    /// <summary>
    /// Resamples in-memory recordings onto a common grid and returns one row per frame. Frames dropped in stream gaps and
    /// non-finite samples removed are logged per recording through <c>MLContext.Log</c> and listed in the view's
    /// <see cref="XelaFrameDataView.Reports"/>; a recording left with no frame is an <see cref="InvalidDataException"/>.
    /// </summary>
    public XelaFrameDataView Frames(IEnumerable<XelaRecording> recordings, double rateHz = 100, Interpolation interpolation = Interpolation.CubicSpline, HandModel? hand = null)
    {
        var view = new XelaFrameDataView(recordings.Select(r => RecordingPreprocessor.Align(r, rateHz, interpolation)).ToList(), hand);
        using var log = new TrainingLog<RecordingFrameReport>(Context, "Frames", progress: null);
        foreach (var report in view.Reports.Where(r => !r.IsComplete)) log.Info(report.ToString());
        return view;
    }

    /// <summary>Flags raw Xela readings outside the valid range, zeroes them and adds a per-taxel validity mask.</summary>
    public XelaValidityEstimator XelaValidity(XelaValidityOptions? options = null) => new(options ?? new XelaValidityOptions());

    /// <summary>
    /// Frames to windows of <c>WindowLengthFrames</c> (default 10 = 0.1 s) that never cross recordings or gaps. Windows lost
    /// to gaps are counted per recording in the output's <see cref="XelaWindowedDataView.Reports"/> and logged through
    /// <c>MLContext.Log</c>; a recording that yields no window is an <see cref="InvalidDataException"/>.
    /// </summary>
    public XelaWindowingEstimator XelaWindowing(XelaWindowingOptions? options = null) => new(options ?? new XelaWindowingOptions(), Context);

    /// <summary>Joint angles to per-frame taxel positions (metres, palm frame) and optional normals via the hand's forward kinematics.</summary>
    public KinematicPositionsEstimator KinematicPositions(KinematicPositionsOptions? options = null) => new(options ?? new KinematicPositionsOptions());

    /// <summary>Baseline (tare) subtraction and per-axis mean/std normalisation of magnetic readings, fitted on training data.</summary>
    public XelaNormalizationEstimator XelaNormalization(XelaNormalizationOptions? options = null) => new(options ?? new XelaNormalizationOptions());

    /// <summary>Attentive-pooler decoder: one learned query over the encoder's tokens -> MLP -> label vector (e.g. force [3]).</summary>
    public AttentivePoolerRegressorEstimator AttentivePoolerRegressor(AttentivePoolerRegressorOptions? options = null)
        => new(Context, options ?? new AttentivePoolerRegressorOptions());

    /// <summary>Temporal decoder: sequences of windows (10 s by default) -> pooled per window -> causal transformer -> per-window estimates.</summary>
    public TemporalDecoderRegressorEstimator TemporalDecoderRegressor(TemporalDecoderRegressorOptions? options = null)
        => new(Context, options ?? new TemporalDecoderRegressorOptions());

    /// <summary>
    /// The supervised HiSS baseline: a low-level LSTM over each window's raw flux frames, a high-level LSTM over the windows'
    /// summaries, a per-window head; trained on labels only, with the temporal decoder's columns and sequences.
    /// </summary>
    public HissRegressorEstimator HissRegressor(HissRegressorOptions? options = null)
        => new(Context, options ?? new HissRegressorOptions());

    /// <summary>One standard ML.NET regression trainer per label component (e.g. FastTree on pooled embeddings), scores gathered into one vector.</summary>
    public PerOutputRegressionEstimator PerOutputRegression(Func<string, string, IEstimator<ITransformer>> trainer, string featureColumnName,
        string labelColumnName = "Label", string scoreColumnName = "Score")
        => new(Context, trainer, featureColumnName, labelColumnName, scoreColumnName);

    /// <summary>A multi-output linear probe trained in TorchSharp (e.g. force from pooled embeddings).</summary>
    public LinearProbeEstimator LinearProbe(LinearProbeOptions? options = null) => new(Context, options ?? new LinearProbeOptions());

    /// <summary>
    /// The sample-efficiency study: decoders in every mode on nested label budgets x seeds, tuned and early-stopped on fixed
    /// validation recordings, tested on others; results with mean and spread over seeds, plots, and the best model to ship.
    /// </summary>
    public SampleEfficiencyStudy SampleEfficiencyStudy(SampleEfficiencyOptions options) => new(Context, options);

    /// <summary>Per-output RMSE, MAE, R^2, Pearson r, mean Euclidean error and threshold accuracy of vector predictions.</summary>
    public MultiOutputRegressionMetrics Evaluate(IDataView scored, string labelColumnName = "Label", string scoreColumnName = "Score",
        IReadOnlyList<string>? outputNames = null, IReadOnlyList<double>? thresholds = null)
        => MultiOutputRegressionEvaluator.Evaluate(scored, labelColumnName, scoreColumnName, outputNames, thresholds);

    /// <summary>Train/test split that keeps each recording (or skin, via <paramref name="groupColumnName"/>) on one side.</summary>
    /// <exception cref="ArgumentException">The data has fewer than 2 groups.</exception>
    public GroupTrainTestData TrainTestSplit(IDataView data, double testFraction = 0.2,
        string groupColumnName = "RecordingId", int? seed = null)
        => GroupSplits.TrainTestSplit(Context, data, testFraction, groupColumnName, seed);

    /// <summary>Cross-validation folds keyed by recording (or skin), so overlapping windows never leak between folds.</summary>
    /// <exception cref="ArgumentException">The data has fewer groups than <paramref name="folds"/>.</exception>
    public IReadOnlyList<GroupTrainTestData> CrossValidationFolds(IDataView data, int folds = 5,
        string groupColumnName = "RecordingId", int? seed = null)
        => GroupSplits.CrossValidationFolds(Context, data, folds, groupColumnName, seed);

    /// <summary>
    /// Pretrains a Sparsh-skin encoder on windows (self-distillation by default; MAE or none as baselines). Fit returns an
    /// encoder transformer that adds <c>Embedding</c> [D] and <c>Tokens</c> [369, D]. Presets:
    /// <see cref="SparshPretrainingOptions.Cpu"/>, <see cref="SparshPretrainingOptions.Full"/>.
    /// </summary>
    public SparshPretrainingEstimator Pretrain(SparshPretrainingOptions options) => new(Context, options);

    /// <summary>Loads the encoder of a pretraining checkpoint as a transformer (format: docs/pretraining.md).</summary>
    public SparshSkinEncoderTransformer Encoder(string checkpointPath, SparshSkinEncoderColumns? columns = null)
        => SparshSkinEncoderTransformer.Load(checkpointPath, columns);

    /// <summary>
    /// The encoder of a saved model zip (e.g. the deployed raw-window-to-force chain) as a transformer, rebuilt from the
    /// zip's ONNX graph with identical weights: its <c>Encoder</c> is trainable again, e.g. as the start of a
    /// <see cref="DecoderMode.FineTune"/> decoder (docs/deployment.md, "Back to training").
    /// </summary>
    public SparshSkinEncoderTransformer EncoderFromModelZip(string zipPath, SparshSkinEncoderColumns? columns = null)
        => new(SparshModelZip.ReadEncoder(zipPath), columns);

    /// <summary>
    /// Reads an encoder checkpoint of the reference PyTorch code (Meta's released <c>xela_sparshskin_tiny.pth</c>, or any
    /// <c>.pth</c>/<c>.pt</c>/<c>.safetensors</c> state dict of its <c>XelaTransformer</c>): the architecture it implies, its
    /// flux statistics (give them to <see cref="XelaNormalization"/>) and <c>CreateEncoder()</c>. <paramref name="heads"/>:
    /// the attention head count, which a state dict does not store (null: the reference's count for its sizes).
    /// Mapping and errors: docs/pretrained-encoder.md.
    /// </summary>
    public ReferenceEncoderCheckpoint PyTorchEncoderCheckpoint(string path, int? heads = null, HandModel? hand = null)
        => ReferenceEncoderCheckpoint.Read(path, heads, hand);

    /// <summary>
    /// The encoder of a reference PyTorch checkpoint as a transformer (adds <c>Embedding</c> and <c>Tokens</c>); its windows
    /// must be normalised with the checkpoint's statistics (<see cref="PyTorchEncoderCheckpoint"/>'s <c>Statistics</c>).
    /// </summary>
    public SparshSkinEncoderTransformer EncoderFromPyTorch(string path, int? heads = null, SparshSkinEncoderColumns? columns = null)
    {
        using var checkpoint = ReferenceEncoderCheckpoint.Read(path, heads);
        return new(checkpoint.CreateEncoder(), columns);
    }

    /// <summary>
    /// Writes <paramref name="encoder"/> under the reference PyTorch code's names and shapes (<c>.safetensors</c>, or
    /// <c>torch.save</c>'s format for <c>.pth</c>/<c>.pt</c>), so a Python user loads it into the reference
    /// <c>XelaTransformer</c>; <paramref name="statistics"/> become its <c>xela_mean</c>/<c>xela_std</c>.
    /// </summary>
    public void SaveEncoderForPyTorch(SparshSkinEncoder encoder, string path, MagneticChannelStatistics? statistics = null)
        => ReferenceEncoderCheckpoint.Write(encoder, path, statistics);

    /// <summary>AutoML-style sweep over decoder families and hyperparameters with group-aware cross-validation and a held-out test set.</summary>
    public SweepResult Sweep(IDataView data, SweepOptions? options = null) => DecoderSweep.Run(Context, data, options ?? new SweepOptions());

    /// <summary>Runs trial <paramref name="index"/> of a planned sweep in this process and journals it in <paramref name="journalFolder"/> (one file per trial); see <see cref="DecoderSweep.RunPlannedTrial"/>.</summary>
    public SweepTrialResult SweepTrial(IDataView data, SweepPlan plan, int index, string journalFolder, CancellationToken cancellationToken = default)
        => DecoderSweep.RunPlannedTrial(Context, data, plan, index, journalFolder, cancellationToken);

    /// <summary>Merges a planned sweep's journal into its leaderboard, report and best model without running trials; see <see cref="DecoderSweep.Report"/>.</summary>
    public SweepResult SweepReport(IDataView data, SweepPlan plan, string journalFolder) => DecoderSweep.Report(Context, data, plan, journalFolder);
}
