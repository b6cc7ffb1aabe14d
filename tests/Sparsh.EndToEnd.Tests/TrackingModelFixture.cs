using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.MLNet.Preparation;
using Sparsh.Simulation.Datasets;
using Sparsh.Simulation.Scenarios;
using Sparsh.Trainers.Decoders;
using Sparsh.Trainers.Encoder;
using Sparsh.Transforms.Preprocessing;
using Sparsh.Transforms.Recordings;
using Sparsh.Transforms.Xela;

namespace Sparsh.EndToEnd.Tests;

/// <summary>
/// Small real tracking zips, one per decoder mode, built as an app's training program builds them: simulated rest and
/// object-pose recordings, a Micro encoder (random weights, standing in for a pretrained one), a temporal decoder trained
/// one epoch on sequences of <see cref="SequenceWindows"/>, <see cref="WindowPreparation.SaveDeployableSequence"/> and
/// <see cref="WindowPreparation.SaveDeployableStream"/>. Also a
/// recorded stream of raw windows (one with an out-of-range count) and the in-memory chains that score it.
/// </summary>
internal sealed class TrackingModelFixture : IDisposable
{
    /// <summary>Training sequence length, and windows per zip row.</summary>
    public const int SequenceWindows = 5;

    /// <summary>The window of <see cref="Stream"/> with taxel <see cref="BrokenTaxel"/> out of range in one frame.</summary>
    public const int BrokenWindow = 3, BrokenTaxel = 5;

    private readonly MLContext _mlContext = new(seed: 1);
    private readonly Dictionary<DecoderMode, TransformerChain<ITransformer>> _chains = [];

    private TrackingModelFixture(string folder) => Folder = folder;

    /// <summary>Temporary folder holding the zips; deleted by <see cref="Dispose"/>.</summary>
    public string Folder { get; }

    /// <summary>Raw windows of one recording in time order, with recording id and start time (what the in-memory chain reads).</summary>
    public IReadOnlyList<RawSequenceWindow> Stream { get; private set; } = [];

    /// <summary>The fitted data steps the zips were saved with.</summary>
    public WindowPreparation Preparation { get; private set; } = null!;

    /// <summary>Raw windows of every recording (what SaveDeployableSequence reads the window shape from).</summary>
    public IDataView RawWindows { get; private set; } = null!;

    /// <summary>The trained model of a mode: the decoder, or for Frozen the encoder and the decoder.</summary>
    public ITransformer Model(DecoderMode mode) => mode == DecoderMode.Frozen
        ? new TransformerChain<ITransformer>(_chains[mode].Skip(3).ToArray())
        : _chains[mode].Last();

    /// <summary>The tracking zip of a mode.</summary>
    public string ZipPath(DecoderMode mode) => Path.Combine(Folder, $"pose_{mode}.zip");

    /// <summary>The tracking zip of a mode in stream form (<see cref="WindowPreparation.SaveDeployableStream"/>).</summary>
    public string StreamZipPath(DecoderMode mode) => Path.Combine(Folder, $"pose_{mode}_stream.zip");

    /// <summary>A zip of the data steps alone, one window per row: a real Sparsh zip that is no tracking model.</summary>
    public string DataStepsZipPath => Path.Combine(Folder, "data_steps.zip");

    /// <summary>What the zip must reproduce: the in-memory chain's scores for <paramref name="windows"/> read as one sequence.</summary>
    public float[][] ScoreInMemory(DecoderMode mode, IEnumerable<RawSequenceWindow> windows)
        => _chains[mode].Transform(_mlContext.Data.LoadFromEnumerable(windows)).GetColumn<float[]>(XelaColumnNames.Score).ToArray();

    /// <summary>Taxels the in-memory validity step masks (invalid in any frame) in stream window <paramref name="index"/>.</summary>
    public int ExpectedMaskedTaxels(int index)
    {
        var validity = _chains[DecoderMode.EndToEnd].Transform(_mlContext.Data.LoadFromEnumerable(new[] { Stream[index] }))
            .GetColumn<bool[]>(XelaColumnNames.Validity).Single();
        return Enumerable.Range(0, XelaSkin.TaxelCount).Count(t => Enumerable.Range(0, 10).Any(f => !validity[f * XelaSkin.TaxelCount + t]));
    }

    /// <summary>The in-memory estimate for stream window <paramref name="index"/> after the (at most) <see cref="SequenceWindows"/> - 1 windows before it.</summary>
    public float[] ExpectedLive(DecoderMode mode, int index)
        => ScoreInMemory(mode, Stream.Skip(Math.Max(0, index - SequenceWindows + 1)).Take(Math.Min(index + 1, SequenceWindows)))[^1];

    /// <summary>Simulates, trains the three modes and saves their zips; well under a minute on 2 cores.</summary>
    public static TrackingModelFixture Create()
    {
        var fixture = new TrackingModelFixture(Directory.CreateTempSubdirectory("sparsh-tracking-").FullName);
        var mlContext = fixture._mlContext;
        string data = Path.Combine(fixture.Folder, "data");
        var manifest = mlContext.Sparsh().Simulate(data, new SimulatedDatasetOptions
        {
            Tasks = [RestScenario.TaskName, ObjectPoseScenario.TaskName],
            RecordingsPerTask = 2,
            SkinCount = 1,
            Seed = 3,
            TaskDurationSeconds = new Dictionary<string, double> { [RestScenario.TaskName] = 1, [ObjectPoseScenario.TaskName] = 1.5 },
        });
        var rest = DatasetManifest.LoadRecording(data, manifest.Recordings.First(r => r.Task == RestScenario.TaskName));
        var frames = mlContext.Sparsh().LoadFrames(data, ObjectPoseScenario.TaskName);
        var preparation = WindowPreparation.Fit(mlContext, frames, TaxelBaseline.FromRest(rest));
        var windows = preparation.Windows(frames, ObjectPoseScenario.LabelName);

        TorchSharp.torch.random.manual_seed(6);
        var encoder = mlContext.Sparsh().Encoder(new SparshSkinEncoder(SparshSkinEncoderConfig.ForSize(SparshSkinEncoderSize.Micro)));
        TemporalDecoderRegressorOptions Options(DecoderMode mode) => new()
        {
            Mode = mode, Encoder = mode == DecoderMode.FineTune ? encoder.Encoder : null, LabelColumnName = ObjectPoseScenario.LabelName,
            SequenceLengthWindows = SequenceWindows, Epochs = 1, BatchSize = 2, ValidationFraction = 0, Seed = 7, CpuThreads = 1,
        };

        var raw = WindowPreparation.RawWindows(mlContext, frames, ObjectPoseScenario.LabelName);
        var stream = mlContext.Data.CreateEnumerable<RawSequenceWindow>(raw, reuseRowObject: false)
            .GroupBy(w => w.RecordingId).OrderBy(g => g.Key, StringComparer.Ordinal).First().OrderBy(w => w.WindowStartSeconds).Take(9).ToList();
        // One count out of range: the validity step masks that taxel in that window, in memory and in the zip.
        stream[BrokenWindow].Magnetic[2 * XelaSkin.ValuesPerFrame + 3 * BrokenTaxel + 1] = 70000;
        fixture.Stream = stream;
        fixture.Preparation = preparation;
        fixture.RawWindows = raw;

        var frozen = mlContext.Sparsh().TemporalDecoderRegressor(Options(DecoderMode.Frozen)).Fit(mlContext.Data.Cache(encoder.Transform(windows)));
        var frozenChain = new TransformerChain<ITransformer>(encoder, frozen);
        fixture._chains[DecoderMode.Frozen] = preparation.SaveDeployableSequence(fixture.ZipPath(DecoderMode.Frozen), frozenChain, raw);
        preparation.SaveDeployableStream(fixture.StreamZipPath(DecoderMode.Frozen), frozenChain, raw);
        foreach (var mode in new[] { DecoderMode.FineTune, DecoderMode.EndToEnd })
        {
            var decoder = mlContext.Sparsh().TemporalDecoderRegressor(Options(mode)).Fit(windows);
            fixture._chains[mode] = preparation.SaveDeployableSequence(fixture.ZipPath(mode), decoder, raw);
            preparation.SaveDeployableStream(fixture.StreamZipPath(mode), decoder, raw);
        }

        var appData = mlContext.Transforms.SelectColumns(XelaColumnNames.Magnetic, XelaColumnNames.JointAngles).Fit(raw).Transform(raw);
        var dataSteps = new TransformerChain<ITransformer>(fixture._chains[DecoderMode.FineTune].Take(3).ToArray());
        dataSteps.GetOutputSchema(appData.Schema);
        mlContext.Model.Save(dataSteps, appData.Schema, fixture.DataStepsZipPath);
        return fixture;
    }

    public void Dispose()
    {
        // The encoder is shared by the Frozen chain and the FineTune options; each module once.
        var owned = _chains.Values.SelectMany(c => c).OfType<IDisposable>().Distinct().ToList();
        foreach (var step in owned) step.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}

/// <summary>A raw window with the columns the in-memory temporal chain orders it by.</summary>
public sealed class RawSequenceWindow
{
    public string RecordingId { get; set; } = "";
    public double WindowStartSeconds { get; set; }
    [VectorType(10, XelaSkin.TaxelCount, 3)] public float[] Magnetic { get; set; } = [];
    [VectorType(10, XelaSkin.JointCount)] public float[] JointAngles { get; set; } = [];
}
