using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Transforms.Onnx;
using Sparsh.Trainers.Decoders;
using Sparsh.Trainers.Encoder;
using Sparsh.Trainers.Onnx;
using Sparsh.Transforms.Hand;
using Sparsh.Transforms.Normalization;
using Sparsh.Transforms.Onnx;
using Sparsh.Transforms.Preprocessing;
using Sparsh.Transforms.Xela;
using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Benchmarks;

/// <summary>
/// One random-weight Tiny encoder + instantaneous force decoder, deployed every way the speed comparison needs, all on
/// the same windows: TorchSharp eager on the model part (encoder input -> force), ONNX Runtime on the same model part,
/// ONNX Runtime on the whole raw-window-to-force graph, and ML.NET's PredictionEngine over the saved model zip.
/// Every path runs on <see cref="Threads"/> compute threads (see <see cref="SessionOptionsFor"/>).
/// </summary>
public sealed class DeploymentModels : IDisposable
{
    /// <summary>Frames per window.</summary>
    public const int Frames = 10;

    /// <summary>Decoder outputs (force [3]).</summary>
    public const int Outputs = 3;

    /// <summary>Windows prepared for the largest batch.</summary>
    public const int MaxBatch = 32;

    private const int Channels = 2 * XelaSkin.AxisCount;
    private const string ModelInput = "windows";
    private const string ModelOutput = "score";

    private readonly DeploymentWindow[] _windows;
    private readonly Dictionary<int, float[]> _encoderInputs = [];
    private readonly Dictionary<int, (float[] Magnetic, float[] Angles)> _rawInputs = [];
    private readonly InferenceSession _modelSession;
    private readonly InferenceSession _chainSession;
    private readonly RunOptions _runOptions = new();
    private readonly ITransformer _loadedZip;
    private readonly PredictionEngine<DeploymentWindow, DeploymentScore> _engine;
    private readonly string _zipPath;

    /// <summary>Builds the models (random weights from <paramref name="seed"/>) and every deployment of them.</summary>
    public DeploymentModels(int threads, int seed = 1)
    {
        Threads = threads;
        torch.set_num_threads(threads);
        torch.random.manual_seed(seed);
        var mlContext = new MLContext(seed: seed);
        _windows = RawWindows(MaxBatch, seed);
        var data = mlContext.Data.LoadFromEnumerable(_windows);

        var validity = mlContext.Sparsh().XelaValidity().Fit(data);
        var kinematics = mlContext.Sparsh().KinematicPositions().Fit(validity.Transform(data));
        var normalization = mlContext.Sparsh().XelaNormalization(new XelaNormalizationOptions
        {
            Statistics = new MagneticChannelStatistics([0, 0, 0], [1500, 1500, 1500]),
        }).Fit(kinematics.Transform(validity.Transform(data)));
        var prepared = normalization.Transform(kinematics.Transform(validity.Transform(data)));

        var encoder = new SparshSkinEncoder(SparshSkinEncoderConfig.ForSize(SparshSkinEncoderSize.Tiny));
        encoder.eval();
        EncoderTransformer = mlContext.Sparsh().Encoder(encoder);
        // The decoder comes from the public training route (one epoch on 8 windows with made-up labels), so the zip is
        // exactly what an app ships; its weights are as good as random, which is all a speed test needs.
        var training = mlContext.Data.LoadFromEnumerable(_windows.Take(8).Select((w, i) => new DeploymentTrainingWindow
        {
            RecordingId = $"rec-{i % 2}", Magnetic = w.Magnetic, JointAngles = w.JointAngles, Label = [0.1f * i, -0.1f * i, 1f],
        }));
        var trainingPrepared = EncoderTransformer.Transform(normalization.Transform(kinematics.Transform(validity.Transform(training))));
        DecoderTransformer = mlContext.Sparsh().AttentivePoolerRegressor(new AttentivePoolerRegressorOptions
        {
            TokensColumnName = EncoderTransformer.Columns.TokensColumnName, Epochs = 1, BatchSize = 8, ValidationFraction = 0,
            CpuThreads = threads, Seed = seed,
        }).Fit(trainingPrepared);
        DecoderTransformer.Decoder.eval();
        torch.set_num_threads(threads); // training may have changed it

        FlopsPerWindow = encoder.Config.ForwardFlops(encoder.Config.TaxelCount) + Decoder.ForwardFlops(encoder.Config.TokenCount);
        FillInputs(prepared);

        _modelSession = new InferenceSession(ModelPartOnnx(encoder, Decoder), SessionOptionsFor(threads));
        _chainSession = new InferenceSession(PredictionChainOnnx.Export(validity, kinematics, normalization, EncoderTransformer, DecoderTransformer),
            SessionOptionsFor(threads));

        var chain = new TransformerChain<ITransformer>(validity, kinematics, normalization, EncoderTransformer, DecoderTransformer);
        chain.Transform(data); // binds every step to the window shape it will score
        _zipPath = Path.Combine(Path.GetTempPath(), $"sparsh-deployment-bench-{Guid.NewGuid():N}.zip");
        mlContext.Model.Save(chain, data.Schema, _zipPath);
        var app = new MLContext(seed: seed);
        PinMlNetOnnxThreads(app, threads);
        _loadedZip = app.Model.Load(_zipPath, out var inputSchema);
        _engine = app.Model.CreatePredictionEngine<DeploymentWindow, DeploymentScore>(_loadedZip, inputSchema);
        CheckPathsAgree();
    }

    /// <summary>Compute threads of every path.</summary>
    public int Threads { get; }

    /// <summary>Model FLOPs (multiply-adds x 2) of one window: encoder forward over 368 taxels + decoder over 369 tokens.</summary>
    public double FlopsPerWindow { get; }

    /// <summary>The encoder transformer (Tiny, random weights).</summary>
    public SparshSkinEncoderTransformer EncoderTransformer { get; }

    /// <summary>The fitted decoder transformer.</summary>
    public AttentivePoolerRegressorTransformer DecoderTransformer { get; }

    private SparshSkinEncoder Encoder => EncoderTransformer.Encoder;

    private InstantaneousDecoder Decoder => DecoderTransformer.Decoder;

    /// <summary>
    /// ONNX Runtime options of both direct sessions: <paramref name="threads"/> intra-op threads (the ones that split each
    /// matrix product, as libtorch's <c>set_num_threads</c> does), one inter-op thread and sequential execution, because
    /// the graph is one chain of operators with no parallel branches worth a second pool.
    /// </summary>
    public static SessionOptions SessionOptionsFor(int threads) => new()
    {
        IntraOpNumThreads = threads,
        InterOpNumThreads = 1,
        ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
    };

    /// <summary>TorchSharp eager, no_grad, eval: encoder + decoder forward on the first <paramref name="batch"/> assembled encoder inputs.</summary>
    public float[] TorchModel(int batch)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var windows = torch.tensor(_encoderInputs[batch], [batch, Frames, XelaSkin.TaxelCount, Channels]);
        return Decoder.forward(Encoder.forward(windows), null).data<float>().ToArray();
    }

    /// <summary>ONNX Runtime on the same model part and inputs as <see cref="TorchModel"/>.</summary>
    public float[] OnnxModel(int batch)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(_encoderInputs[batch], [batch, Frames, XelaSkin.TaxelCount, Channels]);
        using var outputs = _modelSession.Run(_runOptions, [ModelInput], [input], [ModelOutput]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    /// <summary>ONNX Runtime on the whole deployed graph: raw counts + joint angles of <paramref name="batch"/> windows -> force.</summary>
    public float[] OnnxChain(int batch)
    {
        var (magnetic, angles) = _rawInputs[batch];
        using var magneticInput = OrtValue.CreateTensorValueFromMemory(magnetic, [batch, Frames, XelaSkin.TaxelCount, XelaSkin.AxisCount]);
        using var anglesInput = OrtValue.CreateTensorValueFromMemory(angles, [batch, Frames, XelaSkin.JointCount]);
        using var outputs = _chainSession.Run(_runOptions, [XelaColumnNames.Magnetic, XelaColumnNames.JointAngles], [magneticInput, anglesInput],
            [PredictionChainOnnx.ScoreOutput]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    /// <summary>
    /// What an app calls: ML.NET's PredictionEngine over the loaded zip, one window per call (ML.NET runs one row per ONNX
    /// Runtime call), so a batch is <paramref name="batch"/> calls.
    /// </summary>
    public float[] PredictionEngine(int batch)
    {
        var scores = new float[batch * Outputs];
        for (int i = 0; i < batch; i++) _engine.Predict(_windows[i]).Score.CopyTo(scores, i * Outputs);
        return scores;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        (_engine as IDisposable)?.Dispose();
        foreach (var step in (IEnumerable<ITransformer>)_loadedZip) (step as IDisposable)?.Dispose();
        _modelSession.Dispose();
        _chainSession.Dispose();
        _runOptions.Dispose();
        EncoderTransformer.Dispose();
        Decoder.Dispose();
        File.Delete(_zipPath);
    }

    // Encoder + decoder as one graph with the encoder input [batch, F, 368, 6] of TorchModel: the exports' own AddTo pieces.
    private static byte[] ModelPartOnnx(SparshSkinEncoder encoder, InstantaneousDecoder decoder)
    {
        var config = encoder.Config;
        var batch = OnnxDimension.Dynamic("batch");
        var graph = new OnnxGraphBuilder("sparsh_encoder_decoder");
        var windows = graph.AddInput(ModelInput, OnnxElementType.Float, batch, config.FrameCount, config.TaxelCount, Channels);
        var tokens = SparshSkinEncoderOnnx.AddTo(graph, windows, null, encoder);
        var score = InstantaneousDecoderOnnx.AddTo(graph, tokens, null, decoder);
        graph.AddOutput(score, ModelOutput, OnnxElementType.Float, batch, decoder.Activations.Count);
        return graph.ToModelBytes("Sparsh-skin encoder + instantaneous decoder: encoder input to force (benchmark).");
    }

    // ML.NET opens the zip's ONNX Runtime sessions itself when it loads the zip, with the environment's OnnxSessionOptions
    // (ML.NET 5): without them each session gets ONNX Runtime's default intra-op pool, one thread per physical core.
    internal static void PinMlNetOnnxThreads(MLContext app, int threads) =>
        app.SetOnnxSessionOption(new OnnxSessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL });

    // Encoder inputs assembled as SparshSkinEncoderTransformer does (EncoderInput: normalised flux, then positions, per
    // taxel and frame), and the raw inputs of the chain, for every batch size used.
    private void FillInputs(IDataView prepared)
    {
        var flux = prepared.GetColumn<float[]>(XelaColumnNames.Magnetic).ToArray();
        var positions = prepared.GetColumn<float[]>(XelaColumnNames.TaxelPositions).ToArray();
        int perWindow = Frames * XelaSkin.TaxelCount * Channels;
        var all = new float[MaxBatch * perWindow];
        for (int w = 0; w < MaxBatch; w++) EncoderInput.Interleave(flux[w], positions[w], all.AsSpan(w * perWindow, perWindow));
        foreach (int batch in new[] { 1, MaxBatch })
        {
            _encoderInputs[batch] = all.AsSpan(0, batch * perWindow).ToArray();
            _rawInputs[batch] = (_windows.Take(batch).SelectMany(w => w.Magnetic).ToArray(), _windows.Take(batch).SelectMany(w => w.JointAngles).ToArray());
        }
    }

    // Guards against timing the wrong graph: all four paths give the same force for the same window. One window, because
    // every benchmark process pays for this check (a batch of 32 takes seconds per path); the parity tests cover batches.
    private void CheckPathsAgree()
    {
        var reference = TorchModel(1);
        foreach (var (name, scores) in new[] { ("ONNX model part", OnnxModel(1)), ("ONNX chain", OnnxChain(1)), ("PredictionEngine", PredictionEngine(1)) })
            for (int i = 0; i < reference.Length; i++)
                if (Math.Abs(scores[i] - reference[i]) > 1e-3 * Math.Max(1, Math.Abs(reference[i])))
                    throw new InvalidOperationException($"{name} gives {scores[i]} where TorchSharp gives {reference[i]} (element {i}).");
    }

    // Counts around rest (30000 +- 2000, all valid) and joint angles inside the limits, as a live hand produces them.
    private static DeploymentWindow[] RawWindows(int count, int seed)
    {
        var random = new Random(seed);
        var hand = HandModel.AllegroXela;
        var windows = new DeploymentWindow[count];
        for (int w = 0; w < count; w++)
        {
            var counts = new float[Frames * XelaSkin.ValuesPerFrame];
            for (int i = 0; i < counts.Length; i++) counts[i] = 30000f + MathF.Round((float)random.NextDouble() * 4000f - 2000f);
            var angles = new float[Frames * XelaSkin.JointCount];
            for (int f = 0; f < Frames; f++)
                for (int j = 0; j < XelaSkin.JointCount; j++)
                {
                    var joint = hand.Joints[j];
                    angles[f * XelaSkin.JointCount + j] = (float)(joint.LowerLimitRadians + random.NextDouble() * (joint.UpperLimitRadians - joint.LowerLimitRadians));
                }
            windows[w] = new DeploymentWindow { Magnetic = counts, JointAngles = angles };
        }
        return windows;
    }
}
