using Microsoft.ML;
using Sparsh.MLNet;
using Sparsh.Transforms.Kinematics;
using Sparsh.Transforms.Normalization;
using Sparsh.Transforms.Preprocessing;
using Sparsh.Transforms.Windowing;

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

    /// <summary>Fits kinematics and normalisation on the windows of <paramref name="playFrames"/>.</summary>
    public static WindowPreparation Fit(MLContext mlContext, IDataView playFrames, TaxelBaseline baseline)
    {
        var windows = Windowing(mlContext, []).Fit(playFrames).Transform(playFrames);
        var kinematics = mlContext.Sparsh().KinematicPositions().Fit(windows);
        var normalization = mlContext.Sparsh().XelaNormalization(new XelaNormalizationOptions { Baseline = baseline })
            .Fit(kinematics.Transform(windows));
        return new WindowPreparation(mlContext, kinematics, normalization);
    }

    /// <summary>Model-ready windows (cached: they are read by several trainers) with the given label columns.</summary>
    public IDataView Windows(IDataView frames, params string[] labels)
    {
        var windows = Windowing(_mlContext, labels).Fit(frames).Transform(frames);
        return _mlContext.Data.Cache(Normalization.Transform(Kinematics.Transform(windows)));
    }

    /// <summary>Raw windows as a live app would assemble them: counts and joint angles, nothing derived.</summary>
    public static IDataView RawWindows(MLContext mlContext, IDataView frames, params string[] labels)
        => Windowing(mlContext, labels).Fit(frames).Transform(frames);

    private static XelaWindowingEstimator Windowing(MLContext mlContext, string[] labels)
        => mlContext.Sparsh().XelaWindowing(new XelaWindowingOptions { LabelColumnNames = labels });
}
