using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Trainers.Encoder;
using Sparsh.Trainers.Pretraining;
using Sparsh.Trainers.Torch;
using Sparsh.Transforms.Hand;
using TorchSharp;

namespace Sparsh.Benchmarks;

/// <summary>
/// Self-distillation pretraining throughput on the CPU: samples/s of the "small" preset (<see cref="SparshPretrainingOptions.Cpu"/>)
/// and of the tiny encoder with the full recipe's head (65536 prototypes; batch 8 here, the recipe's 64 is a GPU batch);
/// model FLOP utilisation against the best float32 matrix product measured in the same sitting (libtorch's, ONNX Runtime's,
/// or the PyTorch peer's BLAS, see <see cref="GemmProbe"/>); the same step in PyTorch eager (<see cref="PytorchPeer"/>) run
/// right after at the same preset and threads; and resident memory across 500 steps (flat = no native tensor leak).
/// Figures are printed as "PRETRAINING ..." and "PEER ..." lines.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3, invocationCount: 1)]
public class PretrainingBenchmarks
{
    private const int Frames = 10;
    private const int Taxels = 368;

    private MLContext _mlContext = null!;
    private SparshPretrainingOptions _options = null!;
    private SparshPretrainer _trainer = null!;
    private WindowSet _windows = null!;
    private List<GemmMeasurement> _gemm = [];
    private readonly List<double> _seconds = [];

    /// <summary>"small" (micro encoder, Cpu preset) or "tiny" (tiny encoder, full head).</summary>
    [Params("small", "tiny")]
    public string Preset { get; set; } = "small";

    /// <summary>libtorch CPU threads (on a 2-core machine shared with other work, 1 avoids OpenMP spin-waits).</summary>
    [Params(1, 2)]
    public int Threads { get; set; } = 2;

    /// <summary>Precision of the step's matrix products; the MFU denominator is the best GEMM in the same precision.</summary>
    [Params(MatmulPrecision.Float32, MatmulPrecision.BFloat16)]
    public MatmulPrecision Precision { get; set; } = MatmulPrecision.Float32;

    private int Steps => Preset == "small" ? 10 : 2;

    [GlobalSetup]
    public void Setup()
    {
        _mlContext = new MLContext(seed: 1);
        _options = Preset == "small" ? SparshPretrainingOptions.Cpu() : TinyOnCpu();
        _options.CpuThreads = Threads;
        _options.MatmulPrecision = Precision;
        _options.Epochs = 1;
        // A report after every step: the first step of each run is a warm-up and is not timed, as in the peer.
        _options.LogEverySteps = 1;
        int windows = _options.BatchSize * (Steps + 1);
        _windows = WindowSet.Read(SyntheticPlay(_mlContext, windows, seed: 1), _options.Encoder, _options.Columns);
        _trainer = new SparshPretrainer(_options);
        _gemm = [.. GemmProbe.MeasureFor(Threads, Precision)];
    }

    /// <summary>
    /// One epoch of 1 + <see cref="Steps"/> optimizer steps (the model keeps training across iterations). The seconds
    /// recorded are those of the <see cref="Steps"/> steps after the first, as the peer times its steps after a warm-up
    /// step: the run's set-up, its first step (fresh memory, first calls) and the heap trim at its end are left out.
    /// </summary>
    [Benchmark]
    public void PretrainingSteps()
    {
        var clock = new Stopwatch();
        _options.Progress = new StepProgress(step =>
        {
            if (step == 1) clock.Restart();
            if (step == Steps + 1) clock.Stop();
        });
        using var encoder = _trainer.Run(_mlContext, _windows, null);
        _seconds.Add(clock.Elapsed.TotalSeconds);
    }

    [GlobalCleanup]
    public void Report()
    {
        double seconds = _seconds.Skip(1).DefaultIfEmpty(_seconds.LastOrDefault()).Average();
        double samplesPerSecond = _options.BatchSize * Steps / seconds;
        double flopsPerSample = SelfDistillationFlopsPerSample(_options);
        double achieved = flopsPerSample * samplesPerSecond;
        _trainer.Dispose();
        string load = PretrainingProfile.LoadAverage();
        var peer = PytorchPeer.Run(Preset, Threads, Steps, Precision == MatmulPrecision.BFloat16);
        if (peer is not null)
            _gemm.Add(new GemmMeasurement("numpy BLAS (peer process)", "sgemm 1024^3", "float32", peer.NumpySgemmFlops));
        var best = GemmProbe.BestFor(_gemm, Precision);
        var libtorch = _gemm.First(m => m.Source == "libtorch");
        Console.WriteLine($"PRETRAINING preset={Preset} threads={Threads} precision={Precision} batch={_options.BatchSize} steps={Steps} " +
            $"samples/s={samplesPerSecond:F2} model GFLOP/sample={flopsPerSample / 1e9:F2} achieved GFLOP/s={achieved / 1e9:F1} " +
            $"best {best.Precision} GEMM GFLOP/s={best.FlopsPerSecond / 1e9:F1} ({best.Source} {best.Product}) MFU={achieved / best.FlopsPerSecond:F3} " +
            $"(vs libtorch matmul {libtorch.FlopsPerSecond / 1e9:F1}: {achieved / libtorch.FlopsPerSecond:F3}) " +
            (peer is null ? "" : $"pytorch samples/s={peer.SamplesPerSecond:F2} ratio={samplesPerSecond / peer.SamplesPerSecond:F2} ") +
            $"load average {load}");
        Console.WriteLine("PRETRAINING GEMMs: " + string.Join("; ", _gemm));
        Console.WriteLine("PRETRAINING " + GemmProbe.MklKernels());
    }

    // The tiny encoder and the full recipe's head and views, at a CPU-sized batch.
    public static SparshPretrainingOptions TinyOnCpu()
    {
        var options = SparshPretrainingOptions.Full();
        options.Device = "cpu";
        options.BatchSize = 8;
        return options;
    }

    /// <summary>
    /// Expected model FLOPs of one training sample: student forward + backward (3x forward) over the global and local
    /// views, teacher forward over the global views, heads on the global tokens and the iBOT-masked tokens. View sizes
    /// at their expected keep fractions (global 70%, local 25%, iBOT 30% of a global view).
    /// </summary>
    public static double SelfDistillationFlopsPerSample(SparshPretrainingOptions options)
    {
        var config = options.Encoder;
        var masking = options.Masking;
        var head = options.SelfDistillation;
        int t = config.TaxelCount;
        int global = (int)Math.Round((masking.GlobalKeepMin + masking.GlobalKeepMax) / 2 * t);
        int local = (int)Math.Round((masking.LocalKeepMin + masking.LocalKeepMax) / 2 * t);
        double masked = (masking.TokenMaskMin + masking.TokenMaskMax) / 2 * global * masking.GlobalViews;
        double studentEncoder = masking.GlobalViews * config.ForwardFlops(global) + masking.LocalViews * config.ForwardFlops(local);
        double teacherEncoder = masking.GlobalViews * config.ForwardFlops(global);
        double headPerRow = 2.0 * (config.EmbeddingDim * head.HeadHiddenDim + head.HeadHiddenDim * head.HeadHiddenDim
            + head.HeadHiddenDim * head.HeadBottleneckDim + head.HeadBottleneckDim * head.Prototypes);
        double studentHeads = (masking.GlobalViews + masking.LocalViews + masked) * headPerRow;
        double teacherHeads = (masking.GlobalViews + masked) * headPerRow;
        return 3 * (studentEncoder + studentHeads) + teacherEncoder + teacherHeads;
    }

    /// <summary>Synthetic play: Gaussian pressure blobs moving over the resting hand, positions at rest.</summary>
    public static IDataView SyntheticPlay(MLContext mlContext, int count, int seed)
    {
        var hand = HandModel.AllegroXela;
        var rest = new float[Taxels * 3];
        hand.ComputeTaxelPoses(new float[hand.JointCount], rest, []);
        var random = new Random(seed);
        var rows = new List<WindowRow>(count);
        for (int w = 0; w < count; w++)
        {
            var magnetic = new float[Frames * Taxels * 3];
            var positions = new float[Frames * Taxels * 3];
            int centre = random.Next(Taxels);
            float vx = (float)(random.NextDouble() - 0.5) * 0.004f, vy = (float)(random.NextDouble() - 0.5) * 0.004f;
            float amplitude = 1.5f + 2f * (float)random.NextDouble(), sigma = 0.006f + 0.01f * (float)random.NextDouble();
            for (int f = 0; f < Frames; f++)
            {
                Array.Copy(rest, 0, positions, f * Taxels * 3, Taxels * 3);
                for (int i = 0; i < Taxels; i++)
                {
                    float dx = rest[3 * i] - rest[3 * centre] - vx * f, dy = rest[3 * i + 1] - rest[3 * centre + 1] - vy * f, dz = rest[3 * i + 2] - rest[3 * centre + 2];
                    float g = amplitude * MathF.Exp(-(dx * dx + dy * dy + dz * dz) / (2 * sigma * sigma));
                    int at = (f * Taxels + i) * 3;
                    magnetic[at] = g * vx * 300 + 0.05f * (float)(random.NextDouble() - 0.5);
                    magnetic[at + 1] = g * vy * 300 + 0.05f * (float)(random.NextDouble() - 0.5);
                    magnetic[at + 2] = g + 0.05f * (float)(random.NextDouble() - 0.5);
                }
            }
            rows.Add(new WindowRow { Magnetic = magnetic, TaxelPositions = positions });
        }
        return mlContext.Data.LoadFromEnumerable(rows);
    }

    /// <summary>
    /// Resident memory of the process every 50 steps over 500 steps of the small preset (batch 4): after warm-up
    /// it must stay flat, or native tensors leak (they are invisible to the GC).
    /// </summary>
    [SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 1, invocationCount: 1)]
    public class MemoryOver500Steps
    {
        /// <summary>
        /// True: every global view keeps 70% and every local view 25% of the taxels, so every step allocates the same
        /// tensor shapes; this separates allocator growth over new shapes from leaks.
        /// </summary>
        [Params(false, true)]
        public bool FixedViewSizes { get; set; }

        [Benchmark]
        public void ResidentMemory() => Measure(FixedViewSizes, steps: 500);

        /// <summary>
        /// Runs <paramref name="steps"/> steps of the small preset (batch 4; rounded up to whole epochs of 20 steps) and
        /// prints RSS, live tensors, the managed heap and glibc's heap every 50 steps (also the <c>memory-run</c> command).
        /// </summary>
        public static void Measure(bool fixedViewSizes, int steps)
        {
            var mlContext = new MLContext(seed: 1);
            var options = SparshPretrainingOptions.Cpu();
            options.CpuThreads = 1;
            if (fixedViewSizes)
                options.Masking = options.Masking with { GlobalKeepMin = 0.7, GlobalKeepMax = 0.7, LocalKeepMin = 0.25, LocalKeepMax = 0.25 };
            options.BatchSize = 4;
            const int windows = 80;
            options.Epochs = Math.Max(1, (steps * options.BatchSize + windows - 1) / windows);
            options.LogEverySteps = 50;
            var samples = new List<(long Step, long LiveTensors, double Megabytes, double ManagedMegabytes, (long InUse, long Free, long Mapped)? Heap)>();
            options.Progress = new StepProgress(step =>
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                // No malloc_trim here (it used to run before every sample and hid the heap's growth): RSS is what a
                // run holds, holes in the heap included.
                using var process = Process.GetCurrentProcess();
                samples.Add((step, DisposeScopeManager.Statistics.ThreadTotalLiveCount, process.WorkingSet64 / 1048576.0, GC.GetTotalMemory(true) / 1048576.0,
                    GlibcHeap.Usage()));
            });
            var windowSet = WindowSet.Read(SyntheticPlay(mlContext, windows, seed: 2), options.Encoder, options.Columns);
            using var trainer = new SparshPretrainer(options);
            using var encoder = trainer.Run(mlContext, windowSet, null);
            Console.WriteLine($"PRETRAINING fixed view sizes={fixedViewSizes} RSS MB (live tensors) by step: " +
                string.Join(", ", samples.Select(s => $"{s.Step}:{s.Megabytes:F0} ({s.LiveTensors})")));
            Console.WriteLine("PRETRAINING managed heap MB by step: " + string.Join(", ", samples.Select(s => $"{s.Step}:{s.ManagedMegabytes:F1}")));
            // Native growth with constant live tensors is either held by libraries (in use) or holes in glibc's heap (free).
            Console.WriteLine("PRETRAINING glibc heap MB in use / free / mapped by step: " + string.Join(", ", samples.Select(s =>
                s.Heap is { } h ? $"{s.Step}:{h.InUse / 1048576.0:F0}/{h.Free / 1048576.0:F0}/{h.Mapped / 1048576.0:F0}" : $"{s.Step}:n/a")));
            double after100 = samples.First(s => s.Step >= 100).Megabytes, last = samples[^1].Megabytes;
            Console.WriteLine($"PRETRAINING RSS growth step 100 -> {samples[^1].Step}: {last - after100:F1} MB ({(last - after100) / after100:P1})");
        }
    }

    /// <summary>A window row: normalised flux and positions [10, 368, 3].</summary>
    public sealed class WindowRow
    {
        [VectorType(Frames, Taxels, 3)]
        public float[] Magnetic { get; set; } = [];

        [VectorType(Frames, Taxels, 3)]
        public float[] TaxelPositions { get; set; } = [];
    }
}
