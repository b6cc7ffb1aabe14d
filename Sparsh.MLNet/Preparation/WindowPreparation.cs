using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Trainers.Decoders;
using Sparsh.Trainers.Encoder;
using Sparsh.Trainers.Onnx;
using Sparsh.Transforms.Kinematics;
using Sparsh.Transforms.Normalization;
using Sparsh.Transforms.Onnx;
using Sparsh.Transforms.Preprocessing;
using Sparsh.Transforms.Validity;
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

    /// <summary>
    /// Saves the deployable temporal chain, validity -> kinematics -> normalisation -> encoder -> temporal decoder, as one
    /// ML.NET zip holding one ONNX graph whose row is the last <paramref name="windows"/> raw windows of a stream, oldest
    /// first: inputs <c>Magnetic</c> [windows, F, 368, 3] counts and <c>JointAngles</c> [windows, F, 16] radians; outputs
    /// the current estimate <c>Score</c> [outputs] (after the last window), every step's <c>StepScores</c> [windows,
    /// outputs] and <c>Validity</c> [windows, F, 368]. Returns the in-memory chain it exported (it scores raw windows with
    /// their recording and start-time columns, as the temporal decoder does).
    /// </summary>
    /// <param name="path">The zip to write.</param>
    /// <param name="model">
    /// A FineTune or EndToEnd <see cref="TemporalDecoderRegressorTransformer"/>, or a chain of the encoder
    /// (<see cref="SparshSkinEncoderTransformer"/>) and a Frozen one.
    /// </param>
    /// <param name="rawWindows">Raw windows (e.g. <see cref="RawWindows"/>): the frames per window the zip will score.</param>
    /// <param name="windows">Windows per row; default the decoder's training sequence length, and at most that.</param>
    /// <exception cref="ArgumentException">
    /// The model is not a temporal decoder (with its encoder when Frozen), the windows' frames differ from the encoder's, or
    /// <paramref name="windows"/> is outside 1..the training sequence length.
    /// </exception>
    public TransformerChain<ITransformer> SaveDeployableSequence(string path, ITransformer model, IDataView rawWindows, int? windows = null)
    {
        var export = PrepareTemporalExport(path, model, rawWindows, windows, minimumWindows: 1);
        var (graph, inputs, outputs) = export.Encoder is null
            ? TemporalPredictionChainOnnx.Export(export.Validity, Kinematics, Normalization, export.Decoder, export.Windows)
            : TemporalPredictionChainOnnx.Export(export.Validity, Kinematics, Normalization, export.Encoder, export.Decoder, export.Windows);
        var schema = new DataViewSchema.Builder();
        schema.AddColumn(XelaColumnNames.Magnetic, new VectorDataViewType(NumberDataViewType.Single, (int[])[export.Windows, .. export.MagneticDimensions]));
        schema.AddColumn(XelaColumnNames.JointAngles, new VectorDataViewType(NumberDataViewType.Single, (int[])[export.Windows, .. export.AngleDimensions]));
        OnnxModelSaving.SaveModelZip(path, graph, inputs, outputs, schema.ToSchema());
        return export.Chain;
    }

    /// <summary>
    /// Saves the deployable temporal chain in its stream form, for live apps: one ML.NET zip holding one ONNX graph whose
    /// row is the newest raw window and what the app kept of the windows before it, so each window is encoded once
    /// (<see cref="SaveDeployableSequence"/> re-encodes all N every call). Inputs: <c>Magnetic</c> [F, 368, 3] counts and
    /// <c>JointAngles</c> [F, 16] radians of the new window, <c>PastWindowSummaries</c> [windows - 1, D] (earlier outputs
    /// <c>WindowSummary</c>, oldest first) and <c>PastWindowCount</c> [1] (Int64: how many of those rows are real); outputs
    /// the estimate <c>Score</c> [outputs], the window's <c>WindowSummary</c> [D] and its <c>Validity</c> [F, 368]. Its
    /// estimates equal those of <see cref="SaveDeployableSequence"/> over the same windows; <c>TrackingModel</c>
    /// (Sparsh.Scoring) keeps the state. Returns the in-memory chain it exported.
    /// </summary>
    /// <param name="path">The zip to write.</param>
    /// <param name="model">As for <see cref="SaveDeployableSequence"/>.</param>
    /// <param name="rawWindows">Raw windows (e.g. <see cref="RawWindows"/>): the frames per window the zip will score.</param>
    /// <param name="windows">Windows one estimate rests on at most; default the decoder's training sequence length, 2 to that.</param>
    /// <exception cref="ArgumentException">As for <see cref="SaveDeployableSequence"/>; <paramref name="windows"/> outside 2..the training sequence length.</exception>
    public TransformerChain<ITransformer> SaveDeployableStream(string path, ITransformer model, IDataView rawWindows, int? windows = null)
    {
        var export = PrepareTemporalExport(path, model, rawWindows, windows, minimumWindows: 2);
        var (graph, inputs, outputs) = export.Encoder is null
            ? TemporalPredictionChainOnnx.ExportStream(export.Validity, Kinematics, Normalization, export.Decoder, export.Windows)
            : TemporalPredictionChainOnnx.ExportStream(export.Validity, Kinematics, Normalization, export.Encoder, export.Decoder, export.Windows);
        var schema = new DataViewSchema.Builder();
        schema.AddColumn(XelaColumnNames.Magnetic, new VectorDataViewType(NumberDataViewType.Single, export.MagneticDimensions));
        schema.AddColumn(XelaColumnNames.JointAngles, new VectorDataViewType(NumberDataViewType.Single, export.AngleDimensions));
        schema.AddColumn(TemporalPredictionChainOnnx.PastSummariesInput, new VectorDataViewType(NumberDataViewType.Single, export.Windows - 1, export.EncoderConfig.EmbeddingDim));
        schema.AddColumn(TemporalPredictionChainOnnx.PastCountInput, new VectorDataViewType(NumberDataViewType.Int64, 1));
        OnnxModelSaving.SaveModelZip(path, graph, inputs, outputs, schema.ToSchema());
        return export.Chain;
    }

    // What both temporal zips need: the validity step fitted on the app's columns, the model split into (Frozen encoder,)
    // decoder, the encoder's architecture, the row's window count, the window's column dimensions and the in-memory chain.
    private (XelaValidityTransformer Validity, SparshSkinEncoderTransformer? Encoder, TemporalDecoderRegressorTransformer Decoder, SparshSkinEncoderConfig EncoderConfig,
        int Windows, int[] MagneticDimensions, int[] AngleDimensions, TransformerChain<ITransformer> Chain) PrepareTemporalExport(string path, ITransformer model, IDataView rawWindows, int? windows, int minimumWindows)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(rawWindows);
        ITransformer[] steps = model is TransformerChain<ITransformer> chained ? [.. chained] : [model];
        var (encoder, decoder) = steps switch
        {
            [TemporalDecoderRegressorTransformer { Encoder: not null } own] => ((SparshSkinEncoderTransformer?)null, own),
            [SparshSkinEncoderTransformer frozenEncoder, TemporalDecoderRegressorTransformer { Encoder: null } frozen] => (frozenEncoder, frozen),
            _ => throw new ArgumentException(
                "Expected a FineTune or EndToEnd TemporalDecoderRegressorTransformer, or a chain of the SparshSkinEncoderTransformer and a Frozen one; got " +
                $"{string.Join(" -> ", steps.Select(s => s.GetType().Name))}.", nameof(model)),
        };
        int length = windows ?? decoder.SequenceLengthWindows;
        if (length < minimumWindows || length > decoder.SequenceLengthWindows)
            throw new ArgumentOutOfRangeException(nameof(windows),
                $"Windows per {(minimumWindows == 1 ? "row" : "estimate in a stream zip")} must be between {minimumWindows} and the decoder's training sequence length " +
                $"{decoder.SequenceLengthWindows}; got {length}.");

        var appData = _mlContext.Transforms.SelectColumns(XelaColumnNames.Magnetic, XelaColumnNames.JointAngles).Fit(rawWindows).Transform(rawWindows);
        var validity = _mlContext.Sparsh().XelaValidity().Fit(appData);
        var encoderConfig = encoder?.Config ?? decoder.Encoder!.Config;
        int frames = encoderConfig.FrameCount;
        var magnetic = appData.Schema[XelaColumnNames.Magnetic].Type as VectorDataViewType;
        var angles = appData.Schema[XelaColumnNames.JointAngles].Type as VectorDataViewType;
        if (magnetic is not { IsKnownSize: true } || magnetic.Dimensions.Length != 3 || magnetic.Dimensions[0] != frames ||
            angles is not { IsKnownSize: true } || angles.Dimensions.Length != 2 || angles.Dimensions[0] != frames)
            throw new ArgumentException(
                $"Raw windows must have '{XelaColumnNames.Magnetic}' [{frames}, taxels, 3] and '{XelaColumnNames.JointAngles}' [{frames}, joints] for the encoder's " +
                $"{frames} frames; got {appData.Schema[XelaColumnNames.Magnetic].Type} and {appData.Schema[XelaColumnNames.JointAngles].Type}.", nameof(rawWindows));
        return (validity, encoder, decoder, encoderConfig, length, [.. magnetic.Dimensions], [.. angles.Dimensions],
            new TransformerChain<ITransformer>([validity, Kinematics, Normalization, .. steps]));
    }

    /// <summary>Raw windows as a live app would assemble them: counts and joint angles, nothing derived.</summary>
    public static IDataView RawWindows(MLContext mlContext, IDataView frames, params string[] labels)
        => Windowing(mlContext, labels).Fit(frames).Transform(frames);

    private static XelaWindowingEstimator Windowing(MLContext mlContext, string[] labels)
        => mlContext.Sparsh().XelaWindowing(new XelaWindowingOptions { LabelColumnNames = labels });
}
