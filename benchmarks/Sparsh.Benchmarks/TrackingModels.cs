using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.MLNet.Preparation;
using Sparsh.Scoring.Tracking;
using Sparsh.Simulation.Datasets;
using Sparsh.Simulation.Scenarios;
using Sparsh.Trainers.Decoders;
using Sparsh.Trainers.Encoder;
using Sparsh.Transforms.Preprocessing;
using Sparsh.Transforms.Recordings;
using Sparsh.Transforms.Xela;

namespace Sparsh.Benchmarks;

/// <summary>
/// One temporal pose model saved in both deployable forms and loaded as an app loads them (<see cref="TrackingModel"/>,
/// plain ML.NET): the last-N-windows zip (<see cref="WindowPreparation.SaveDeployableSequence"/>, every window of the row
/// encoded on every call) and the stream form (<see cref="WindowPreparation.SaveDeployableStream"/>, each window encoded
/// once). Simulated object-pose recordings; a Micro encoder with random weights FineTuned one epoch with the decoder
/// (the PoseTracking example's default model size); the speed test needs the shapes, not good weights.
/// </summary>
public sealed class TrackingModels : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sparsh-tracking-bench-").FullName;
    private readonly (float[] Magnetic, float[] Angles)[] _stream;
    private int _nextLastWindows, _nextStream;

    /// <summary>Simulates, trains and saves a model over <paramref name="windowsPerRow"/> windows, then loads both zips.</summary>
    public TrackingModels(int windowsPerRow, int threads, int seed = 1)
    {
        try
        {
            TorchSharp.torch.set_num_threads(threads);
            TorchSharp.torch.random.manual_seed(seed);
            var mlContext = new MLContext(seed: seed);
            string data = Path.Combine(_folder, "data");
            // Each recording must hold a whole training sequence: N windows at 10 per second, plus the first window's second.
            double seconds = windowsPerRow / 10.0 + 2;
            var manifest = mlContext.Sparsh().Simulate(data, new SimulatedDatasetOptions
            {
                Tasks = [RestScenario.TaskName, ObjectPoseScenario.TaskName],
                RecordingsPerTask = 2,
                SkinCount = 1,
                Seed = seed,
                TaskDurationSeconds = new Dictionary<string, double> { [RestScenario.TaskName] = 1, [ObjectPoseScenario.TaskName] = seconds },
            });
            var rest = DatasetManifest.LoadRecording(data, manifest.Recordings.First(r => r.Task == RestScenario.TaskName));
            var frames = mlContext.Sparsh().LoadFrames(data, ObjectPoseScenario.TaskName);
            var preparation = WindowPreparation.Fit(mlContext, frames, TaxelBaseline.FromRest(rest));
            var windows = preparation.Windows(frames, ObjectPoseScenario.LabelName);
            using var encoder = new SparshSkinEncoder(SparshSkinEncoderConfig.ForSize(SparshSkinEncoderSize.Micro));
            var decoder = mlContext.Sparsh().TemporalDecoderRegressor(new TemporalDecoderRegressorOptions
            {
                Mode = DecoderMode.FineTune, Encoder = encoder, LabelColumnName = ObjectPoseScenario.LabelName,
                SequenceLengthWindows = windowsPerRow, Epochs = 1, BatchSize = 2, ValidationFraction = 0, Seed = seed, CpuThreads = threads,
            }).Fit(windows);
            var raw = WindowPreparation.RawWindows(mlContext, frames, ObjectPoseScenario.LabelName);
            string lastWindowsZip = Path.Combine(_folder, "pose_model.zip"), streamZip = Path.Combine(_folder, "pose_model_stream.zip");
            var chain = preparation.SaveDeployableSequence(lastWindowsZip, decoder, raw);
            preparation.SaveDeployableStream(streamZip, decoder, raw);
            foreach (var step in chain.OfType<IDisposable>()) step.Dispose(); // the zips hold the model now

            // Every simulated window in recording order: the calls cycle through them, as a live stream would feed them.
            _stream = raw.GetColumn<float[]>(XelaColumnNames.Magnetic).Zip(raw.GetColumn<float[]>(XelaColumnNames.JointAngles)).ToArray();
            var app = new MLContext(seed: seed);
            DeploymentModels.PinMlNetOnnxThreads(app, threads);
            LastWindows = TrackingModel.Load(lastWindowsZip, app);
            Stream = TrackingModel.Load(streamZip, app);
            CheckFormsAgree();
        }
        catch
        {
            // Dispose is never reached when the constructor throws: release what was loaded and the folder here.
            LastWindows?.Dispose();
            Stream?.Dispose();
            Directory.Delete(_folder, recursive: true);
            throw;
        }
    }

    /// <summary>Windows one estimate rests on (N).</summary>
    public int WindowsPerRow => LastWindows.WindowsPerRow;

    /// <summary>The last-N-windows zip, loaded.</summary>
    public TrackingModel LastWindows { get; }

    /// <summary>The stream-form zip, loaded.</summary>
    public TrackingModel Stream { get; }

    /// <summary>Fills both models' buffers with N windows, so every timed call scores a full context.</summary>
    public void Fill()
    {
        for (int w = 0; w < WindowsPerRow; w++)
        {
            PushLastWindows();
            PushStream();
        }
    }

    /// <summary>One <see cref="TrackingModel.Push"/> of the next window on the last-N-windows zip.</summary>
    public float[] PushLastWindows() => Push(LastWindows, ref _nextLastWindows);

    /// <summary>One <see cref="TrackingModel.Push"/> of the next window on the stream-form zip.</summary>
    public float[] PushStream() => Push(Stream, ref _nextStream);

    /// <inheritdoc/>
    public void Dispose()
    {
        LastWindows.Dispose();
        Stream.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private float[] Push(TrackingModel model, ref int next)
    {
        var (magnetic, angles) = _stream[next];
        next = (next + 1) % _stream.Length;
        return model.Push(magnetic, angles).Values;
    }

    // Guards against timing a wrong graph: after the same N windows both forms give the same estimate.
    private void CheckFormsAgree()
    {
        float[] lastWindows = [], stream = [];
        for (int w = 0; w < WindowsPerRow; w++)
        {
            lastWindows = PushLastWindows();
            stream = PushStream();
        }
        for (int i = 0; i < lastWindows.Length; i++)
            if (Math.Abs(stream[i] - lastWindows[i]) > 1e-4 * Math.Max(1, Math.Abs(lastWindows[i])))
                throw new InvalidOperationException($"The stream form gives {stream[i]} where the last-windows zip gives {lastWindows[i]} (output {i}).");
        LastWindows.Reset();
        Stream.Reset();
        _nextLastWindows = _nextStream = 0;
    }
}
