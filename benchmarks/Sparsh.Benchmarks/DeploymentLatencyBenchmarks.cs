using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace Sparsh.Benchmarks;

/// <summary>
/// Per-call latency (p50, p99) at batch 1 of the four deployment paths of <see cref="DeploymentModels"/> and throughput
/// at batch 32 of the three that take batches, with model FLOP utilisation against a float32 matrix product timed in
/// the same rounds. Prints "DEPLOYMENT ..." lines and a markdown table.
/// </summary>
/// <remarks>
/// An explicit Stopwatch loop inside one BenchmarkDotNet invocation, because BenchmarkDotNet alone does not give what is
/// asked here: its percentile columns (P0..P100, no P99) are over iterations, and an iteration is the average of several
/// invocations unless each iteration is forced to one call; its engine runs a full GC before every iteration by default;
/// and it runs every benchmark case in its own process one after the other, so on a machine shared with other work the
/// paths would be measured under different loads. Here the paths take turns call by call (the order rotating each round),
/// so each sees the same background load, and the TorchSharp/ONNX ratios come from the same minutes; the matrix-product
/// reference takes its turn among them for the same reason. p99 of 100 calls is the second slowest call.
/// </remarks>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 1, invocationCount: 1)]
public class DeploymentLatencyBenchmarks
{
    private const int WarmupRounds = 10;
    private const int LatencyRounds = 100;
    private const int ThroughputWarmupRounds = 1;
    private const int ThroughputRounds = 3;
    // Products per reference call: about as long as one batch-1 model call, so the reference samples the load as often.
    private const int ReferenceProducts = 2;

    /// <summary>
    /// Compute threads of every path: libtorch's <c>set_num_threads</c> and ONNX Runtime's intra-op threads (inter-op 1,
    /// sequential), also for the sessions ML.NET opens when it loads the zip; the matrix-product reference too.
    /// </summary>
    [ParamsSource(nameof(ThreadCounts))]
    public int Threads { get; set; } = 1;

    /// <summary>
    /// 1 by default; <c>SPARSH_BENCH_THREADS=1,2</c> adds 2 threads (another ~5 minutes on the reference machine). One
    /// thread by default because on 2 cores shared with other work a second libtorch or ONNX Runtime thread mostly
    /// waits for a busy core, which measures the neighbours more than the model (docs/deployment.md, Speed).
    /// </summary>
    public static IEnumerable<int> ThreadCounts() =>
        (Environment.GetEnvironmentVariable("SPARSH_BENCH_THREADS") ?? "1").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => int.Parse(t, CultureInfo.InvariantCulture));

    /// <summary>Measures every path and prints the figures.</summary>
    [Benchmark]
    public void LatencyAndThroughput()
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture; // decimal points in the printed figures
        string loadBefore = TakingTurns.LoadAverage();
        using var models = new DeploymentModels(Threads);
        using var matmul = new MatmulReference();
        var paths = new (string Name, Action<int> Call)[]
        {
            ("TorchSharp eager, model part", batch => models.TorchModel(batch)),
            ("ONNX Runtime, model part", batch => models.OnnxModel(batch)),
            ("ONNX Runtime, raw-window chain", batch => models.OnnxChain(batch)),
            // Batch 1 only: ML.NET scores one row per ONNX Runtime call, so its batch would be 32 of these calls.
            ("ML.NET PredictionEngine, zip", batch => models.PredictionEngine(batch)),
        };
        // The reference takes its turn among the paths (the last entry), so it sees the same load as they do.
        var reference = ("matmul reference", (Action<int>)(_ => matmul.Multiply(ReferenceProducts)));
        var latency = TakingTurns.Time([.. paths, reference], batch: 1, WarmupRounds, LatencyRounds);
        var batched = TakingTurns.Time([.. paths[..3], reference], DeploymentModels.MaxBatch, ThroughputWarmupRounds, ThroughputRounds);
        double matmul1 = ReferenceProducts * MatmulReference.FlopsPerProduct / TakingTurns.Percentile(latency[^1], 50);
        double matmul32 = ReferenceProducts * MatmulReference.FlopsPerProduct / TakingTurns.Percentile(batched[^1], 50);

        double torchP50 = TakingTurns.Percentile(latency[0], 50), torchWindowsPerSecond = WindowsPerSecond(batched[0]);
        var table = new List<string>
        {
            $"| path | threads | p50 ms | p99 ms | p50 vs TorchSharp | windows/s at batch {DeploymentModels.MaxBatch} | vs TorchSharp | MFU batch 1 | MFU batch {DeploymentModels.MaxBatch} |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        };
        for (int p = 0; p < paths.Length; p++)
        {
            double p50 = TakingTurns.Percentile(latency[p], 50), p99 = TakingTurns.Percentile(latency[p], 99), mfu1 = models.FlopsPerWindow / p50 / matmul1;
            string throughput = "one window per call", vsTorch = "", mfu32 = "";
            if (p < batched.Length - 1)
            {
                double windowsPerSecond = WindowsPerSecond(batched[p]);
                throughput = $"{windowsPerSecond:F1}";
                vsTorch = $"{windowsPerSecond / torchWindowsPerSecond:F2}";
                mfu32 = $"{models.FlopsPerWindow * windowsPerSecond / matmul32:F3}";
            }
            Console.WriteLine($"DEPLOYMENT threads={Threads} path=\"{paths[p].Name}\" batch 1: calls={LatencyRounds} p50 ms={p50 * 1e3:F1} " +
                $"p99 ms={p99 * 1e3:F1} mean ms={latency[p].Average() * 1e3:F1} p50/TorchSharp={p50 / torchP50:F2} MFU={mfu1:F3}; " +
                $"batch {DeploymentModels.MaxBatch}: windows/s={throughput} vs TorchSharp={vsTorch} MFU={mfu32}");
            table.Add($"| {paths[p].Name} | {Threads} | {p50 * 1e3:F1} | {p99 * 1e3:F1} | {p50 / torchP50:F2} | {throughput} | {vsTorch} | {mfu1:F3} | {mfu32} |");
        }
        Console.WriteLine($"DEPLOYMENT threads={Threads} model GFLOP/window={models.FlopsPerWindow / 1e9:F3} " +
            $"matmul GFLOP/s (median of its turns, {MatmulReference.Size}^3 float32) batch-1 rounds={matmul1 / 1e9:F1} batch-{DeploymentModels.MaxBatch} rounds={matmul32 / 1e9:F1}; " +
            $"load average before={loadBefore} after={TakingTurns.LoadAverage()}");
        foreach (var line in table) Console.WriteLine("DEPLOYMENT " + line);
    }

    private static double WindowsPerSecond(IReadOnlyCollection<double> secondsPerBatch) => DeploymentModels.MaxBatch / TakingTurns.Percentile(secondsPerBatch, 50);
}
