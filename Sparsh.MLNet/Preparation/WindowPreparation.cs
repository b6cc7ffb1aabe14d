using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.MLNet;
using Sparsh.Transforms.Kinematics;
using Sparsh.Transforms.Normalization;
using Sparsh.Transforms.Preprocessing;
using Sparsh.Transforms.Windowing;
using Sparsh.Transforms.Xela;

namespace Sparsh.MLNet.Preparation;

/// <summary>
/// The data half of every Sparsh pipeline, fitted once on the play training frames: windowing, kinematic
/// positions and normalisation (tare against the skin's rest recording, then per-axis statistics of play).
/// </summary>
public sealed class WindowPreparation
{
    private readonly MLContext _mlContext;

    private WindowPreparation(MLContext mlContext, KinematicPositionsTransformer kinematics, XelaNormalizationTransformer normalization)
    {
        _mlContext = mlContext;
        Kinematics = kinematics;
        Normalization = normalization;
    }

    /// <summary>Joint angles to taxel positions.</summary>
    public KinematicPositionsTransformer Kinematics { get; }

    /// <summary>Tare and per-axis standardisation, with statistics from play.</summary>
    public XelaNormalizationTransformer Normalization { get; }

    /// <summary>
    /// Fits kinematics and normalisation on the windows of <paramref name="playFrames"/>; given
    /// <paramref name="statistics"/> (e.g. a pretrained encoder's own, <c>ReferenceEncoderCheckpoint.Statistics</c>) are
    /// used as they are instead of fitting new ones.
    /// </summary>
    public static WindowPreparation Fit(MLContext mlContext, IDataView playFrames, TaxelBaseline baseline, MagneticChannelStatistics? statistics = null)
    {
        var windows = Windowing(mlContext, []).Fit(playFrames).Transform(playFrames);
        var kinematics = mlContext.Sparsh().KinematicPositions().Fit(windows);
        var normalization = mlContext.Sparsh().XelaNormalization(new XelaNormalizationOptions { Baseline = baseline, Statistics = statistics })
            .Fit(kinematics.Transform(windows));
        return new WindowPreparation(mlContext, kinematics, normalization);
    }

    /// <summary>Model-ready windows (cached: they are read by several trainers) with the given label columns.</summary>
    public IDataView Windows(IDataView frames, params string[] labels)
    {
        var windows = Windowing(_mlContext, labels).Fit(frames).Transform(frames);
        return _mlContext.Data.Cache(Normalization.Transform(Kinematics.Transform(windows)));
    }

    /// <summary>
    /// Saves the deployable chain, validity -> kinematics -> normalisation -> <paramref name="model"/>, as one ML.NET zip
    /// whose input is what an app assembles (raw counts <c>Magnetic</c> and <c>JointAngles</c>, shaped like
    /// <paramref name="rawWindows"/>) and whose every step is an ONNX graph; returns the chain it saved.
    /// </summary>
    /// <param name="path">The zip to write.</param>
    /// <param name="model">Model-ready windows to outputs: a decoder with its own encoder, or an encoder chained with a Frozen decoder.</param>
    /// <param name="rawWindows">Raw windows (e.g. <see cref="RawWindows"/>) with the shape the zip will score.</param>
    public TransformerChain<ITransformer> SaveDeployable(string path, ITransformer model, IDataView rawWindows)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(rawWindows);
        var appData = _mlContext.Transforms.SelectColumns(XelaColumnNames.Magnetic, XelaColumnNames.JointAngles).Fit(rawWindows).Transform(rawWindows);
        var validity = _mlContext.Sparsh().XelaValidity().Fit(appData);
        ITransformer[] steps = model is TransformerChain<ITransformer> chained ? [.. chained] : [model];
        var chain = new TransformerChain<ITransformer>([validity, Kinematics, Normalization, .. steps]);
        // Each step saves an ONNX graph with the fixed dimensions of the columns it reads, which it learns when it is
        // applied to a schema: apply the chain to the app's schema, so the saved graphs score exactly these windows.
        chain.GetOutputSchema(appData.Schema);
        _mlContext.Model.Save(chain, appData.Schema, path);
        return chain;
    }

    /// <summary>Raw windows as a live app would assemble them: counts and joint angles, nothing derived.</summary>
    public static IDataView RawWindows(MLContext mlContext, IDataView frames, params string[] labels)
        => Windowing(mlContext, labels).Fit(frames).Transform(frames);

    private static XelaWindowingEstimator Windowing(MLContext mlContext, string[] labels)
        => mlContext.Sparsh().XelaWindowing(new XelaWindowingOptions { LabelColumnNames = labels });
}
