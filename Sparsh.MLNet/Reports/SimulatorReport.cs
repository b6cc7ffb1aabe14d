using Sparsh.Simulation.Scenarios;
using Sparsh.Simulation.Skins;
using Sparsh.Transforms.Hand;
using Sparsh.Transforms.Recordings;
using Sparsh.Transforms.Xela;

namespace Sparsh.MLNet.Reports;

/// <summary>
/// A small plausibility report of the simulator: one force-probing recording, the probed taxel's raw counts over
/// a press-release cycle with its neighbours, counts against normal force (the hysteresis loop), and a hand map
/// of the change at peak force. Meant for a person to look at, not for tests.
/// </summary>
public static class SimulatorReport
{
    /// <summary>Simulates, plots and writes <c>report.md</c> into <paramref name="directory"/>; returns its path.</summary>
    public static string Write(string directory, int seed = 1, double durationSeconds = 6)
    {
        var hand = HandModel.AllegroXela;
        var scenario = new ForceProbingScenario(new ScenarioOptions { DurationSeconds = durationSeconds }, hand);
        var skin = SkinProfile.Generate("report-skin", seed, hand.TaxelCount);
        var recording = scenario.Generate(skin, seed);
        var probe = scenario.Probes(seed)[0];
        var force = recording.Labels[ForceProbingScenario.LabelName];

        var magnetic = recording.Magnetic;
        int frames = magnetic.Count;
        // The first probe's cycle, with a little rest before and after.
        var cycle = Enumerable.Range(0, frames)
            .Where(k => magnetic.TimestampsSeconds[k] >= probe.Profile.StartSeconds - 0.2 && magnetic.TimestampsSeconds[k] <= probe.Profile.EndSeconds + 0.3)
            .ToArray();
        double[] times = cycle.Select(k => magnetic.TimestampsSeconds[k]).ToArray();
        double[] normal = times.Select(t => Interpolate(force, t, 2)).ToArray();
        int peak = cycle[Array.IndexOf(normal, normal.Max())];

        var positions = new float[XelaSkin.ValuesPerFrame];
        hand.ComputeTaxelPoses(scenario.HandPose(seed), positions, Span<float>.Empty);
        var neighbours = Enumerable.Range(0, hand.TaxelCount)
            .OrderBy(t => Distance(positions, t, probe.Taxel)).Take(4).ToArray();

        var report = new MarkdownReport(directory, "Simulated skin: plausibility");
        report.Paragraph($"Force probing on skin `{skin.Id}` (seed {seed}): a {probe.Tip.Name} tip presses taxel " +
                         $"`{hand.Taxels[probe.Taxel].Name}` (the first press-release cycle of a {durationSeconds:F0} s recording at {XelaSkin.FrameRateHz:F0} Hz). Raw counts are what the sensor reports; " +
                         "the normal force is the simulator's label.");

        ReportPlots.Lines(report.FigurePath("press_release_traces.png"), "Press-release: the probed taxel and its three nearest neighbours",
            "time (s)", "z reading change from rest (counts)",
            neighbours.Select(t =>
            {
                var z = Axis(magnetic, cycle, t, 2);
                return new ReportPlots.Series(hand.Taxels[t].Name, times, z.Select(v => v - z[0]).ToArray());
            }));
        report.Figure("press_release_traces.png", "Change of the raw z counts over the first press-release cycle; the nearest taxels move together, less with distance.");

        ReportPlots.Lines(report.FigurePath("hysteresis.png"), "Counts against normal force (loading and unloading)",
            "normal force (N)", "raw z reading of the probed taxel (counts)",
            [new ReportPlots.Series(hand.Taxels[probe.Taxel].Name, normal, Axis(magnetic, cycle, probe.Taxel, 2))]);
        report.Figure("hysteresis.png", "The loop between loading and unloading is the elastomer's viscoelastic hysteresis.");

        var change = Enumerable.Range(0, hand.TaxelCount).Select(t => Magnitude(magnetic, peak, cycle[0], t)).ToArray();
        ReportPlots.HandMap(report.FigurePath("hand_map.png"), $"Change at peak force ({normal[peak]:F2} N)", "|reading change| (counts)", hand, change);
        report.Figure("hand_map.png", "Every taxel's change from before the press to peak force: one contact lights a coherent patch of taxels.");
        return report.Save();
    }

    private static double[] Axis(TimeSeries series, int[] frames, int taxel, int axis)
        => frames.Select(k => (double)series.Values[k * series.Width + 3 * taxel + axis]).ToArray();

    private static double Magnitude(TimeSeries series, int frame, int reference, int taxel)
    {
        double sum = 0;
        for (int a = 0; a < 3; a++)
        {
            double d = series.Values[frame * series.Width + 3 * taxel + a] - series.Values[reference * series.Width + 3 * taxel + a];
            sum += d * d;
        }
        return Math.Sqrt(sum);
    }

    private static double Distance(float[] positions, int a, int b)
        => Math.Sqrt(Enumerable.Range(0, 3).Sum(i => Math.Pow(positions[3 * a + i] - positions[3 * b + i], 2)));

    // Label streams may run on their own clock; read the value at a magnetic frame's time linearly.
    private static double Interpolate(TimeSeries series, double time, int channel)
    {
        var t = series.TimestampsSeconds;
        int i = Array.BinarySearch(t, time);
        if (i >= 0) return series.Values[i * series.Width + channel];
        i = ~i;
        if (i == 0) return series.Values[channel];
        if (i >= t.Length) return series.Values[(t.Length - 1) * series.Width + channel];
        double w = (time - t[i - 1]) / (t[i] - t[i - 1]);
        return (1 - w) * series.Values[(i - 1) * series.Width + channel] + w * series.Values[i * series.Width + channel];
    }
}
