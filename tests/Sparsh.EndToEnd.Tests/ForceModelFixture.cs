using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.MLNet.Preparation;
using Sparsh.Quickstart;
using Sparsh.Scoring.Force;
using Sparsh.Simulation.Datasets;
using Sparsh.Simulation.Scenarios;
using Sparsh.Trainers.Decoders;
using Sparsh.Trainers.Encoder;
using Sparsh.Transforms.Core;
using Sparsh.Transforms.Preprocessing;
using Sparsh.Transforms.Recordings;
using Sparsh.Transforms.Xela;

namespace Sparsh.EndToEnd.Tests;

/// <summary>
/// A small real force model zip built the way the Quickstart builds it (simulated rest and force probing, a Micro encoder,
/// a Frozen decoder trained one epoch, <see cref="WindowPreparation.SaveDeployable"/>), the in-memory chain's scores on raw windows,
/// and a zip of the data steps alone.
/// </summary>
internal sealed class ForceModelFixture : IDisposable
{
    private readonly MLContext _mlContext = new(seed: 1);
    private TransformerChain<ITransformer>? _chain;

    private ForceModelFixture(string folder) => Folder = folder;

    /// <summary>Temporary folder holding the zips; deleted by <see cref="Dispose"/>.</summary>
    public string Folder { get; }

    /// <summary>The deployable raw-window-to-force zip.</summary>
    public string ZipPath => Path.Combine(Folder, "force_model.zip");

    /// <summary>A zip of validity, kinematics and normalisation only: a real Sparsh zip that produces no force.</summary>
    public string DataStepsZipPath => Path.Combine(Folder, "data_steps.zip");

    /// <summary>Raw simulated windows (counts and joint angles) the in-memory chain scored.</summary>
    public IReadOnlyList<ForceWindow> Windows { get; private set; } = [];

    /// <summary>The in-memory chain's force for each of <see cref="Windows"/>, in newtons.</summary>
    public IReadOnlyList<float[]> ExpectedForceNewtons { get; private set; } = [];

    /// <summary>Taxels the in-memory validity step marks invalid (in any frame) in each of <see cref="Windows"/>.</summary>
    public IReadOnlyList<int> ExpectedMaskedTaxels { get; private set; } = [];

    /// <summary>Simulates, trains and saves; a few seconds on 2 cores.</summary>
    public static ForceModelFixture Create(int scoredWindows = 8)
    {
        var fixture = new ForceModelFixture(Directory.CreateTempSubdirectory("sparsh-force-app-").FullName);
        var mlContext = fixture._mlContext;
        string data = Path.Combine(fixture.Folder, "data");
        var manifest = mlContext.Sparsh().Simulate(data, new SimulatedDatasetOptions
        {
            Tasks = [RestScenario.TaskName, ForceProbingScenario.TaskName],
            RecordingsPerTask = 2,
            SkinCount = 1,
            Seed = 5,
            TaskDurationSeconds = new Dictionary<string, double> { [RestScenario.TaskName] = 1, [ForceProbingScenario.TaskName] = 3 },
        });
        var rest = DatasetManifest.LoadRecording(data, manifest.Recordings.First(r => r.Task == RestScenario.TaskName));
        var frames = mlContext.Sparsh().LoadFrames(data, ForceProbingScenario.TaskName);
        var preparation = WindowPreparation.Fit(mlContext, frames, TaxelBaseline.FromRest(rest));

        TorchSharp.torch.random.manual_seed(6);
        var encoder = mlContext.Sparsh().Encoder(new SparshSkinEncoder(SparshSkinEncoderConfig.ForSize(SparshSkinEncoderSize.Micro)));
        var tokens = mlContext.Data.Cache(encoder.Transform(preparation.Windows(frames, QuickstartRun.ForceColumn)));
        var decoder = mlContext.Sparsh().AttentivePoolerRegressor(new AttentivePoolerRegressorOptions
        {
            Mode = DecoderMode.Frozen, LabelColumnName = QuickstartRun.ForceColumn, Epochs = 1, BatchSize = 16, ValidationFraction = 0,
            OutputActivations = [OutputActivation.None, OutputActivation.None, OutputActivation.Softplus], Seed = 7, CpuThreads = 1,
        }).Fit(tokens);

        var raw = mlContext.Data.TakeRows(WindowPreparation.RawWindows(mlContext, frames, QuickstartRun.ForceColumn), scoredWindows);
        var chain = fixture._chain = preparation.SaveDeployable(fixture.ZipPath, new TransformerChain<ITransformer>(encoder, decoder), raw);
        var appData = mlContext.Transforms.SelectColumns(XelaColumnNames.Magnetic, XelaColumnNames.JointAngles).Fit(raw).Transform(raw);
        mlContext.Model.Save(new TransformerChain<ITransformer>(chain.Take(3).ToArray()), appData.Schema, fixture.DataStepsZipPath);

        fixture.Windows = mlContext.Data.CreateEnumerable<ForceWindow>(raw, reuseRowObject: false).ToList();
        var expected = fixture.ScoreInMemory(fixture.Windows);
        fixture.ExpectedForceNewtons = expected.Select(e => e.ForceNewtons).ToList();
        fixture.ExpectedMaskedTaxels = expected.Select(e => e.MaskedTaxels).ToList();
        return fixture;
    }

    /// <summary>Force and masked taxels of windows scored by the in-memory chain (C# data steps, TorchSharp encoder and decoder).</summary>
    public IReadOnlyList<ForcePrediction> ScoreInMemory(IEnumerable<ForceWindow> windows)
    {
        var scored = _chain!.Transform(_mlContext.Data.LoadFromEnumerable(windows));
        // As the encoder does: a taxel invalid in any frame of the window is hidden.
        var masked = scored.GetColumn<bool[]>(XelaColumnNames.Validity)
            .Select(v => Enumerable.Range(0, ForceWindow.Taxels).Count(t => Enumerable.Range(0, ForceWindow.Frames).Any(f => !v[f * ForceWindow.Taxels + t])));
        return scored.GetColumn<float[]>(XelaColumnNames.Score).Zip(masked, (force, count) => new ForcePrediction(force, count)).ToList();
    }

    /// <summary>A copy of window <paramref name="index"/> whose arrays can be changed freely.</summary>
    public ForceWindow CopyOf(int index) => new()
    {
        MagneticCounts = [.. Windows[index].MagneticCounts],
        JointAnglesRadians = [.. Windows[index].JointAnglesRadians],
    };

    public void Dispose()
    {
        foreach (var step in _chain ?? []) (step as IDisposable)?.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}
