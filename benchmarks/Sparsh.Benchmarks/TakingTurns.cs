using System.Diagnostics;

namespace Sparsh.Benchmarks;

/// <summary>
/// The timing loop the latency benchmarks share: every entry gets one call per round, the starting entry rotating, so
/// background load on a shared machine falls on all of them alike and their ratios come from the same minutes.
/// </summary>
internal static class TakingTurns
{
    /// <summary>Seconds per call of each entry, over <paramref name="rounds"/> rounds after <paramref name="warmupRounds"/>.</summary>
    public static List<double>[] Time((string Name, Action<int> Call)[] entries, int batch, int warmupRounds, int rounds)
    {
        var seconds = entries.Select(_ => new List<double>(rounds)).ToArray();
        for (int round = 0; round < warmupRounds + rounds; round++)
            for (int k = 0; k < entries.Length; k++)
            {
                int e = (round + k) % entries.Length;
                long start = Stopwatch.GetTimestamp();
                entries[e].Call(batch);
                double elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
                if (round >= warmupRounds) seconds[e].Add(elapsed);
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

    /// <summary>The 1, 5 and 15 minute load averages, or "n/a" off Linux.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
