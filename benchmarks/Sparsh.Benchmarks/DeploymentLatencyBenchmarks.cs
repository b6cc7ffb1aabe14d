using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace Sparsh.Benchmarks;

/// <summary>
/// Per-call latency (p50, p99) at batch 1 and throughput at batch 32 of the four deployment paths of
/// <see cref="DeploymentModels"/>, with model FLOP utilisation against a float32 matrix product measured in the same
/// process. Prints "DEPLOYMENT ..." lines and a markdown table.
/// </summary>
/// <remarks>
/// An explicit Stopwatch loop inside one BenchmarkDotNet invocation, because BenchmarkDotNet alone does not give what is
/// asked here: its percentile columns (P0..P100, no P99) are over iterations, and an iteration is the average of several
/// invocations unless each iteration is forced to one call; its engine runs a full GC before every iteration by default;
/// and it runs every benchmark case in its own process one after the other, so on a machine shared with other work the
/// paths would be measured under different loads. Here the paths take turns call by call (the order rotating each round),
/// so each sees the same background load, and the TorchSharp/ONNX ratios come from the same minutes.
/// </remarks>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 1, invocationCount: 1)]
public class DeploymentLatencyBenchmarks
{
    private const int WarmupCalls = 10;
    private const int LatencyCalls = 150;
    private const int ThroughputWarmupCalls = 1;
    private const int ThroughputCalls = 3;

    /// <summary>
    /// Compute threads of every path: libtorch's <c>set_num_threads</c> and ONNX Runtime's intra-op threads (inter-op 1,
    /// sequential), also for the sessions ML.NET opens when it loads the zip.
    /// </summary>
    [Params(1, 2)]
    public int Threads { get; set; } = 1;

    /// <summary>Measures every path and prints the figures.</summary>
    [Benchmark]
    public void LatencyAndThroughput()
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture; // decimal points in the printed figures
        using var models = new DeploymentModels(Threads);
        var paths = new (string Name, Func<int, float[]> Call)[]
        {
            ("TorchSharp eager, model part", models.TorchModel),
            ("ONNX Runtime, model part", models.OnnxModel),
            ("ONNX Runtime, raw-window chain", models.OnnxChain),
            ("ML.NET PredictionEngine, zip", models.PredictionEngine),
        };
        double matmulBefore = MatmulReference.FlopsPerSecond(Threads);
        var latency = TakeTurns(paths, batch: 1, WarmupCalls, LatencyCalls);
        var throughput = TakeTurns(paths, DeploymentModels.MaxBatch, ThroughputWarmupCalls, ThroughputCalls);
        double matmul = Math.Max(matmulBefore, MatmulReference.FlopsPerSecond(Threads));

        double torchP50 = Percentile(latency[0], 50), torchWindowsPerSecond = DeploymentModels.MaxBatch / Percentile(throughput[0], 50);
        var table = new List<string>
        {
            $"| path | threads | p50 ms | p99 ms | p50 vs TorchSharp | windows/s at batch {DeploymentModels.MaxBatch} | vs TorchSharp | MFU batch 1 | MFU batch {DeploymentModels.MaxBatch} |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        };
        for (int p = 0; p < paths.Length; p++)
        {
            double p50 = Percentile(latency[p], 50), p99 = Percentile(latency[p], 99);
            double windowsPerSecond = DeploymentModels.MaxBatch / Percentile(throughput[p], 50);
            double mfu1 = models.FlopsPerWindow / p50 / matmul, mfu32 = models.FlopsPerWindow * windowsPerSecond / matmul;
            Console.WriteLine(($"DEPLOYMENT threads={Threads} path=\"{paths[p].Name}\" batch=1 calls={LatencyCalls} p50 ms={p50 * 1e3:F1} " +
                $"p99 ms={p99 * 1e3:F1} mean ms={latency[p].Average() * 1e3:F1} p50/TorchSharp={p50 / torchP50:F2} " +
                $"batch={DeploymentModels.MaxBatch} windows/s={windowsPerSecond:F1} windows/s vs TorchSharp={windowsPerSecond / torchWindowsPerSecond:F2} " +
                $"MFU batch 1={mfu1:F3} MFU batch {DeploymentModels.MaxBatch}={mfu32:F3}"));
            table.Add(($"| {paths[p].Name} | {Threads} | {p50 * 1e3:F1} | {p99 * 1e3:F1} | {p50 / torchP50:F2} | {windowsPerSecond:F1} | " +
                $"{windowsPerSecond / torchWindowsPerSecond:F2} | {mfu1:F3} | {mfu32:F3} |"));
        }
        Console.WriteLine(($"DEPLOYMENT threads={Threads} model GFLOP/window={models.FlopsPerWindow / 1e9:F3} matmul GFLOP/s={matmul / 1e9:F1} " +
            $"(before {matmulBefore / 1e9:F1}; {MatmulReference.Size}^3 float32, best of 5 x 10) load average={LoadAverage()}"));
        foreach (var line in table) Console.WriteLine("DEPLOYMENT " + line);
    }

    // Every path gets one call per round, the starting path rotating, so background load falls on all of them alike.
    // Returns seconds per call, per path.
    private static List<double>[] TakeTurns((string Name, Func<int, float[]> Call)[] paths, int batch, int warmupCalls, int calls)
    {
        var seconds = paths.Select(_ => new List<double>(calls)).ToArray();
        for (int round = 0; round < warmupCalls + calls; round++)
            for (int k = 0; k < paths.Length; k++)
            {
                int p = (round + k) % paths.Length;
                long start = Stopwatch.GetTimestamp();
                paths[p].Call(batch);
                double elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
                if (round >= warmupCalls) seconds[p].Add(elapsed);
            }
        return seconds;
    }

    /// <summary>Nearest-rank percentile: the smallest sample with at least <paramref name="percent"/>% of the samples at or below it.</summary>
    public static double Percentile(IReadOnlyCollection<double> samples, double percent)
    {
        if (samples.Count == 0) throw new ArgumentException("No samples.", nameof(samples));
        var sorted = samples.Order().ToArray();
        int rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
