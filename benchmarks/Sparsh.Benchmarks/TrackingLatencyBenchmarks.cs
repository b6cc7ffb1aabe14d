using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace Sparsh.Benchmarks;

/// <summary>
/// Per-window latency (p50, p99) of a deployed temporal pose model fed window by window through
/// <c>TrackingModel.Push</c>, in its two zip forms: the last N raw windows per row (every window re-encoded on every
/// call) and the stream form (each window encoded once). Both take turns call by call with a float32 matrix product,
/// as in <see cref="DeploymentLatencyBenchmarks"/>, so the ratios come from the same minutes. Prints "TRACKING ..." lines
/// and a markdown table; the sensor rate (10 windows per second) is the budget a live app must keep.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 1, invocationCount: 1)]
public class TrackingLatencyBenchmarks
{
    private const int WarmupRounds = 5;
    private const int Rounds = 60;
    private const double SensorWindowSeconds = 0.1;

    /// <summary>Windows one estimate rests on: 10 (the smallest useful context) and 50 (the PoseTracking example's).</summary>
    [Params(10, 50)]
    public int WindowsPerRow { get; set; }

    /// <summary>Compute threads of libtorch (training) and of ONNX Runtime (the zips).</summary>
    [Params(1)]
    public int Threads { get; set; }

    /// <summary>Measures both forms and prints the figures.</summary>
    [Benchmark]
    public void PerWindowLatency()
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        string loadBefore = TakingTurns.LoadAverage();
        using var models = new TrackingModels(WindowsPerRow, Threads);
        using var matmul = new MatmulReference();
        models.Fill();
        var entries = new (string Name, Action<int> Call)[]
        {
            ($"last {WindowsPerRow} windows per row", _ => models.PushLastWindows()),
            ("stream form", _ => models.PushStream()),
            ("matmul reference", _ => matmul.Multiply(1)),
        };
        var seconds = TakingTurns.Time(entries, batch: 1, WarmupRounds, Rounds);
        double matmulP50 = TakingTurns.Percentile(seconds[^1], 50);
        double streamP50 = TakingTurns.Percentile(seconds[1], 50);
        Console.WriteLine($"TRACKING N={WindowsPerRow} threads={Threads} calls={Rounds} matmul {MatmulReference.Size}^3 p50 ms={matmulP50 * 1e3:F1}; " +
            $"load average before={loadBefore} after={TakingTurns.LoadAverage()}");
        Console.WriteLine("TRACKING | zip | N | p50 ms | p99 ms | p50 / stream form | p50 / matmul | keeps up with 10 windows/s (p99) |");
        Console.WriteLine("TRACKING |---|---:|---:|---:|---:|---:|---|");
        for (int e = 0; e < 2; e++)
        {
            double p50 = TakingTurns.Percentile(seconds[e], 50), p99 = TakingTurns.Percentile(seconds[e], 99);
            Console.WriteLine($"TRACKING | {entries[e].Name} | {WindowsPerRow} | {p50 * 1e3:F1} | {p99 * 1e3:F1} | {p50 / streamP50:F1} | " +
                $"{p50 / matmulP50:F1} | {(p99 < SensorWindowSeconds ? "yes" : "no")} |");
        }
    }
}
