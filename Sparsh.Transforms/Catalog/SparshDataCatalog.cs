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

namespace Sparsh;

/// <summary>
/// The data steps of <c>mlContext.Sparsh()</c> (Sparsh.Transforms, no TorchSharp): the hand, loading recordings as frames,
/// converting Meta's released data set, validity, windowing, kinematic positions and normalisation.
/// </summary>
public static class SparshDataCatalog
{
    /// <summary>The built-in Allegro hand with XELA skin (368 taxels), or the hand described by a URDF file when a path is given.</summary>
    /// <param name="catalog">The catalog (<c>mlContext.Sparsh()</c>).</param>
    /// <param name="urdfPath">A URDF file of your own hand; null for the built-in hand.</param>
    public static HandModel Hand(this SparshCatalog catalog, string? urdfPath = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return urdfPath == null ? HandModel.AllegroXela : HandModel.FromUrdf(urdfPath);
    }

    /// <summary>
    /// Loads recordings (folders written by <see cref="XelaRecording.Save"/>), resamples every stream onto a common
    /// grid (cubic spline by default) and returns one row per frame, ready for <see cref="XelaWindowing"/>.
    /// </summary>
    /// <param name="catalog">The catalog (<c>mlContext.Sparsh()</c>).</param>
    /// <param name="recordingFolders">One folder per recording.</param>
    /// <param name="rateHz">The common frame rate, in hertz.</param>
    /// <param name="interpolation">How streams are resampled onto the grid.</param>
    /// <param name="hand">The hand whose taxel names become slot names (null: the built-in hand).</param>
    public static XelaFrameDataView LoadFrames(this SparshCatalog catalog, IEnumerable<string> recordingFolders, double rateHz = 100,
        Interpolation interpolation = Interpolation.CubicSpline, HandModel? hand = null)
    {
        ArgumentNullException.ThrowIfNull(recordingFolders);
        return catalog.Frames(recordingFolders.Select(XelaRecording.Load), rateHz, interpolation, hand);
    }

    /// <summary>
    /// Frames of a dataset folder with a <c>manifest.json</c> (written by <c>Simulate</c> or
    /// <see cref="ConvertSparshSkinDataset"/>), optionally one task and split.
    /// </summary>
    /// <param name="catalog">The catalog (<c>mlContext.Sparsh()</c>).</param>
    /// <param name="root">The dataset folder.</param>
    /// <param name="task">Only recordings of this task (e.g. <c>force_probing</c>); null for all.</param>
    /// <param name="split">Only recordings of this split; null for all.</param>
    /// <param name="hand">The hand whose taxel names become slot names (null: the built-in hand).</param>
    /// <exception cref="ArgumentException">The dataset has no recordings for the task and split.</exception>
    public static XelaFrameDataView LoadFrames(this SparshCatalog catalog, string root, string? task = null, DatasetSplit? split = null,
        HandModel? hand = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var manifest = DatasetManifest.Load(root);
        var entries = manifest.Recordings.Where(r => (task == null || r.Task == task) && (split == null || r.Split == split)).ToList();
        if (entries.Count == 0)
            throw new ArgumentException($"Dataset '{root}' has no recordings for task '{task ?? "any"}' and split '{split?.ToString() ?? "any"}'.");
        return catalog.Frames(entries.Select(e => DatasetManifest.LoadRecording(root, e)), hand: hand);
    }

    /// <summary>
    /// Resamples in-memory recordings onto a common grid and returns one row per frame. Frames dropped in stream gaps and
    /// non-finite samples removed are logged per recording through <c>MLContext.Log</c> and listed in the view's
    /// <see cref="XelaFrameDataView.Reports"/>; a recording left with no frame is an <see cref="InvalidDataException"/>.
    /// </summary>
    /// <param name="catalog">The catalog (<c>mlContext.Sparsh()</c>).</param>
    /// <param name="recordings">The recordings, each with its own streams and rates.</param>
    /// <param name="rateHz">The common frame rate, in hertz.</param>
    /// <param name="interpolation">How streams are resampled onto the grid.</param>
    /// <param name="hand">The hand whose taxel names become slot names (null: the built-in hand).</param>
    public static XelaFrameDataView Frames(this SparshCatalog catalog, IEnumerable<XelaRecording> recordings, double rateHz = 100,
        Interpolation interpolation = Interpolation.CubicSpline, HandModel? hand = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(recordings);
        var view = new XelaFrameDataView(recordings.Select(r => RecordingPreprocessor.Align(r, rateHz, interpolation)).ToList(), hand);
        using var log = new TrainingLog<RecordingFrameReport>(catalog.Context, "Frames", progress: null);
        foreach (var report in view.Reports.Where(r => !r.IsComplete)) log.Info(report.ToString());
        return view;
    }

    /// <summary>
    /// Converts Meta's released Sparsh-skin data (facebook/sparsh-skin-dataset, or one part of it such as its pretraining or
    /// force-estimation folder) into recordings plus <c>manifest.json</c> under <paramref name="outputRoot"/>, the layout
    /// <c>Simulate</c> writes, so <see cref="LoadFrames(SparshCatalog, string, string?, DatasetSplit?, HandModel?)"/> and everything
    /// after it run on real data unchanged. Pickles are read without executing anything in them (a pickle naming anything but
    /// plain data and numpy arrays is refused, naming the file). Each sequence is logged through <c>MLContext.Log</c> with what
    /// was not converted (docs/recording-format.md, "Converting Meta's released data set").
    /// </summary>
    /// <param name="catalog">The catalog (<c>mlContext.Sparsh()</c>).</param>
    /// <param name="sourceRoot">The downloaded release (or one part of it).</param>
    /// <param name="outputRoot">Where the recordings and <c>manifest.json</c> are written.</param>
    /// <param name="options">What to convert (null: defaults).</param>
    /// <param name="progress">Receives one report per sequence.</param>
    /// <param name="cancellationToken">Stops between sequences.</param>
    /// <exception cref="InvalidDataException">A file is missing, truncated, malformed or refused; the message names it.</exception>
    public static SparshSkinConversion ConvertSparshSkinDataset(this SparshCatalog catalog, string sourceRoot, string outputRoot,
        SparshSkinDatasetOptions? options = null, IProgress<SparshSkinConversionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        using var log = new TrainingLog<SparshSkinConversionProgress>(catalog.Context, "SparshSkinDataset", progress);
        return SparshSkinDatasetReader.Convert(sourceRoot, outputRoot, options,
            new SynchronousProgress<SparshSkinConversionProgress>(p => log.Report(p, $"[{p.Completed}/{p.Total}] {p.Sequence}")), cancellationToken);
    }

    /// <summary>Flags raw Xela readings outside the valid range, zeroes them and adds a per-taxel validity mask.</summary>
    /// <param name="catalog">The catalog (<c>mlContext.Sparsh()</c>).</param>
    /// <param name="options">Columns and valid range (null: defaults).</param>
    public static XelaValidityEstimator XelaValidity(this SparshCatalog catalog, XelaValidityOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(options ?? new XelaValidityOptions());
    }

    /// <summary>
    /// Frames to windows of <c>WindowLengthFrames</c> (default 10 = 0.1 s) that never cross recordings or gaps. Windows lost
    /// to gaps are counted per recording in the output's <see cref="XelaWindowedDataView.Reports"/> and logged through
    /// <c>MLContext.Log</c>; a recording that yields no window is an <see cref="InvalidDataException"/>.
    /// </summary>
    /// <param name="catalog">The catalog (<c>mlContext.Sparsh()</c>).</param>
    /// <param name="options">Window length, stride, gaps and labels (null: defaults).</param>
    public static XelaWindowingEstimator XelaWindowing(this SparshCatalog catalog, XelaWindowingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(options ?? new XelaWindowingOptions(), catalog.Context);
    }

    /// <summary>Joint angles to per-frame taxel positions (metres, palm frame) and optional normals via the hand's forward kinematics.</summary>
    /// <param name="catalog">The catalog (<c>mlContext.Sparsh()</c>).</param>
    /// <param name="options">Hand, columns and joint-limit policy (null: defaults).</param>
    public static KinematicPositionsEstimator KinematicPositions(this SparshCatalog catalog, KinematicPositionsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(options ?? new KinematicPositionsOptions());
    }

    /// <summary>Baseline (tare) subtraction and per-axis mean/std normalisation of magnetic readings, fitted on training data.</summary>
    /// <param name="catalog">The catalog (<c>mlContext.Sparsh()</c>).</param>
    /// <param name="options">Baseline, statistics and columns (null: defaults).</param>
    public static XelaNormalizationEstimator XelaNormalization(this SparshCatalog catalog, XelaNormalizationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(options ?? new XelaNormalizationOptions());
    }
}
