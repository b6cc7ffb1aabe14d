using Sparsh.Transforms.Preprocessing;
using Sparsh.Transforms.Recordings;
using Sparsh.Transforms.Tests.Recordings;
using Sparsh.Transforms.Xela;

namespace Sparsh.Transforms.Tests.Preprocessing;

[TestClass]
public sealed class ResamplerTests
{
    private const int W = XelaSkin.ValuesPerFrame;

    private static double[] Jittered(int count, double start, double step, double jitter, int seed)
    {
        var random = new Random(seed);
        var times = RecordingSamples.Times(count, start, step);
        for (int i = 1; i < count - 1; i++) times[i] += (random.NextDouble() - 0.5) * 2 * jitter;
        return times;
    }

    private static TimeSeries Joints(double[] times, Func<int, double, double> angle) =>
        RecordingSamples.Stream(RecordingFormat.JointsStream, XelaSkin.JointCount, times, (r, c) => (float)angle(c, times[r]), "rad");

    private static TimeSeries Magnetic(double[] times, Func<int, double, double> counts) =>
        RecordingSamples.Magnetic(times, (r, c) => (float)counts(c, times[r]));

    [TestMethod]
    public void GridIsExactlyKOverRateInsideTheCommonSpan()
    {
        var magnetic = Magnetic(RecordingSamples.Times(100, 0.013, 0.01), (_, _) => 30000);
        var joints = Joints(RecordingSamples.Times(100, 0.005, 0.0099), (_, _) => 0);
        var force = RecordingSamples.Stream("force", 3, RecordingSamples.Times(51, 0.0, 0.02), (_, _) => 1f, "N");
        var recording = new XelaRecording("grid", magnetic, joints, new Dictionary<string, TimeSeries> { ["force"] = force });

        var aligned = RecordingPreprocessor.Align(recording);

        // Common span: [max start, min end] = [0.013, 0.9851] s, so k runs 2 .. 98.
        Assert.AreEqual(97, aligned.FrameCount);
        for (int i = 0; i < aligned.FrameCount; i++) Assert.AreEqual((i + 2) / 100.0, aligned.TimestampsSeconds[i]);
        Assert.AreEqual(100.0, aligned.RateHz);
        Assert.AreEqual(97 * W, aligned.Magnetic.Length);
        Assert.AreEqual(97 * 16, aligned.Joints!.Length);
        Assert.AreEqual(97 * 3, aligned.Labels["force"].Values.Length);
        Assert.AreEqual("N", aligned.Labels["force"].Unit);
        Assert.IsTrue(aligned.FrameOk.All(ok => ok));
    }

    [TestMethod]
    public void GridIncludesEndPointsThatAreExactlyOnIt()
    {
        // 0.07 * 100 is 7.000000000000001 in binary floating point; the grid must still start at k = 7.
        var magnetic = Magnetic(RecordingSamples.Times(31, 0.07, 0.01), (_, _) => 30000);
        var aligned = new Resampler { Interpolation = Interpolation.Linear }.Align(new XelaRecording("edge", magnetic));
        Assert.AreEqual(0.07, aligned.TimestampsSeconds[0]);
        Assert.AreEqual(0.37, aligned.TimestampsSeconds[^1], 1e-12);
        Assert.AreEqual(31, aligned.FrameCount);
        Assert.IsTrue(aligned.Magnetic.All(v => v == 30000f));
    }

    [TestMethod]
    public void LinearReproducesALine()
    {
        var magnetic = Magnetic(Jittered(120, 0.0, 0.01, 0.003, 1), (c, t) => 30000 + 200 * t + c);
        var joints = Joints(Jittered(110, 0.0, 0.0109, 0.004, 2), (c, t) => 0.1 * c - 0.5 * t);
        var pose = RecordingSamples.Stream("pose", 2, RecordingSamples.Times(13, 0.0, 0.1), (r, c) => (float)(r * 0.1 * (c + 1)), "m");
        var recording = new XelaRecording("line", magnetic, joints, new Dictionary<string, TimeSeries> { ["pose"] = pose });

        var aligned = new Resampler { Interpolation = Interpolation.Linear }.Align(recording);

        Assert.IsTrue(aligned.FrameCount > 100);
        for (int k = 0; k < aligned.FrameCount; k++)
        {
            double t = aligned.TimestampsSeconds[k];
            for (int c = 0; c < W; c += 97) Assert.AreEqual((float)(30000 + 200 * t + c), aligned.Magnetic[k * W + c], 0.004f, $"magnetic frame {k} channel {c}");
            for (int j = 0; j < 16; j++) Assert.AreEqual((float)(0.1 * j - 0.5 * t), aligned.Joints![k * 16 + j], 1e-6f, $"joint frame {k} channel {j}");
            Assert.AreEqual((float)(2 * t), aligned.Labels["pose"].Values[k * 2 + 1], 1e-6f);
        }
    }

    [TestMethod]
    public void SplineMatchesAHandComputedNaturalSpline()
    {
        // Knots (0,0), (1,1), (2,0): natural spline has M1 = -3, so S(0.5) = 0.5 + 0.375 * 3 / 6 = 0.6875.
        double[] times = [0.0, 1.0, 2.0];
        double[] y = [0, 1, 0];
        var magnetic = Magnetic(times, (c, t) => c == 0 ? 30000 + 1000 * y[(int)t] : 30000);
        var joints = Joints(times, (c, t) => c == 3 ? y[(int)t] : 0);
        var recording = new XelaRecording("hand", magnetic, joints);

        var spline = RecordingPreprocessor.Align(recording, rateHz: 2);
        CollectionAssert.AreEqual(new[] { 0.0, 0.5, 1.0, 1.5, 2.0 }, spline.TimestampsSeconds);
        CollectionAssert.AreEqual(new[] { 0f, 0.6875f, 1f, 0.6875f, 0f }, Enumerable.Range(0, 5).Select(k => spline.Joints![k * 16 + 3]).ToArray());
        CollectionAssert.AreEqual(new[] { 30000f, 30687.5f, 31000f, 30687.5f, 30000f }, Enumerable.Range(0, 5).Select(k => spline.Magnetic[k * W]).ToArray());

        var linear = RecordingPreprocessor.Align(recording, rateHz: 2, Interpolation.Linear);
        CollectionAssert.AreEqual(new[] { 0f, 0.5f, 1f, 0.5f, 0f }, Enumerable.Range(0, 5).Select(k => linear.Joints![k * 16 + 3]).ToArray());
    }

    [TestMethod]
    public void SplineReproducesASineWithinTightTolerance()
    {
        // sin(2 pi t) over [0, 1] s has zero curvature at both ends, which is the natural spline's end condition.
        var times = Jittered(101, 0.0, 0.01, 0.002, 3);
        var magnetic = Magnetic(times, (c, t) => 30000 + 1000 * Math.Sin(2 * Math.PI * t + (c % 3) * Math.PI));
        var joints = Joints(times, (c, t) => Math.Sin(2 * Math.PI * t) * (c + 1) / 16.0);
        var aligned = RecordingPreprocessor.Align(new XelaRecording("sine", magnetic, joints));

        Assert.AreEqual(101, aligned.FrameCount);
        double worstJoint = 0, worstMagnetic = 0;
        for (int k = 0; k < aligned.FrameCount; k++)
        {
            double t = aligned.TimestampsSeconds[k];
            worstJoint = Math.Max(worstJoint, Math.Abs(aligned.Joints![k * 16 + 15] - Math.Sin(2 * Math.PI * t)));
            worstMagnetic = Math.Max(worstMagnetic, Math.Abs(aligned.Magnetic[k * W + 3] - (30000 + 1000 * Math.Sin(2 * Math.PI * t))));
        }
        Assert.IsTrue(worstJoint < 2e-6, $"worst joint error {worstJoint}");
        Assert.IsTrue(worstMagnetic < 0.01, $"worst magnetic error {worstMagnetic} counts");
    }

    [TestMethod]
    public void SplineReproducesACubicAwayFromTheNaturalEnds()
    {
        static double P(double t) => 0.3 + t - 2 * t * t + 1.5 * t * t * t;
        var times = Jittered(101, 0.0, 0.01, 0.002, 4);
        var magnetic = Magnetic(times, (_, _) => 30000);
        var joints = Joints(times, (_, t) => P(t));
        var aligned = RecordingPreprocessor.Align(new XelaRecording("cubic", magnetic, joints));

        // A natural spline forces zero curvature at the ends, which a cubic lacks; the error it causes decays
        // by about 2 - sqrt(3) per knot, so from 10 knots in the cubic is reproduced to float precision.
        for (int k = 10; k <= 90; k++)
            Assert.AreEqual(P(aligned.TimestampsSeconds[k]), aligned.Joints![k * 16], 2e-6, $"frame {k}");
    }

    [TestMethod]
    public void InvalidValuesAreFlaggedZeroedCountedAndNotSmeared()
    {
        // Samples sit 3 ms after each grid point, so every output lies strictly between two samples.
        var times = RecordingSamples.Times(60, 0.003, 0.01);
        static double Truth(int c, double t) => 30000 + 500 * Math.Sin(2 * Math.PI * t + c);
        var magnetic = Magnetic(times, Truth);
        magnetic.Values[20 * W + 5] = 70000f;          // sample 20, channel 5: out of range
        magnetic.Values[30 * W + 7] = float.NaN;       // sample 30, channel 7
        magnetic.Values[40 * W + 9] = 0f;              // sample 40, channel 9: 0 is out of range as well
        var recording = new XelaRecording("invalid", magnetic);

        foreach (var interpolation in new[] { Interpolation.CubicSpline, Interpolation.Linear })
        {
            var aligned = new Resampler { Interpolation = interpolation }.Align(recording);

            Assert.AreEqual(3L, aligned.Validity.InvalidValues);
            Assert.AreEqual(3, aligned.Validity.FramesAffected);
            CollectionAssert.AreEqual(new[] { 1, 2, 3 }, Enumerable.Range(0, 368).Where(t => aligned.Validity.InvalidValuesPerTaxel[t] > 0).ToArray());
            Assert.AreEqual(70000f, recording.Magnetic.Values[20 * W + 5], "the recording itself is not modified");

            // Grid k / 100 for k = 1 .. 59 (index k - 1) lies between samples k - 1 and k, so sample s brackets indices s - 1 and s.
            Assert.AreEqual(59, aligned.FrameCount);
            var expectedZeros = new Dictionary<int, int[]> { [5] = [19, 20], [7] = [29, 30], [9] = [39, 40] };
            for (int c = 0; c < 12; c++)
                for (int k = 0; k < aligned.FrameCount; k++)
                {
                    float value = aligned.Magnetic[k * W + c];
                    if (expectedZeros.TryGetValue(c, out var zeros) && zeros.Contains(k))
                        Assert.AreEqual(0f, value, $"{interpolation}: channel {c} frame {k} is bracketed by an invalid sample");
                    else
                        Assert.AreEqual(Truth(c, aligned.TimestampsSeconds[k]), value, 1.0, $"{interpolation}: channel {c} frame {k} must not carry the invalid sample");
                }
        }
    }

    [TestMethod]
    public void OutputExactlyOnAnInvalidSampleIsInvalidButItsNeighboursAreNot()
    {
        var times = RecordingSamples.OnGrid(11, 100);   // samples on the grid itself
        var magnetic = Magnetic(times, (c, t) => 30000 + 100 * t);
        magnetic.Values[5 * W] = 10f;
        var aligned = RecordingPreprocessor.Align(new XelaRecording("on-grid", magnetic));
        CollectionAssert.AreEqual(new[] { 5 }, Enumerable.Range(0, 11).Where(k => aligned.Magnetic[k * W] == 0f).ToArray());
        Assert.AreEqual(30004f, aligned.Magnetic[4 * W]);
        Assert.AreEqual(30006f, aligned.Magnetic[6 * W]);
    }

    [TestMethod]
    public void GapsInJointsAreNotInterpolatedAcross()
    {
        // Joints hold 0 up to 0.40 s, then nothing until 0.60 s, then 1: a step hidden in a gap.
        var jointTimes = RecordingSamples.Times(101, 0.0, 0.01).Where(t => t <= 0.40 + 1e-9 || t >= 0.60 - 1e-9).ToArray();
        var joints = Joints(jointTimes, (_, t) => t < 0.5 ? 0 : 1);
        var magnetic = Magnetic(RecordingSamples.Times(101, 0.0, 0.01), (c, t) => 30000 + c);
        var aligned = RecordingPreprocessor.Align(new XelaRecording("gap", magnetic, joints));

        Assert.AreEqual(101, aligned.FrameCount);
        var notOk = Enumerable.Range(0, 101).Where(k => !aligned.FrameOk[k]).ToArray();
        CollectionAssert.AreEqual(Enumerable.Range(41, 19).ToArray(), notOk, "frames strictly inside (0.40, 0.60) s");
        CollectionAssert.AreEqual(new[] { new FrameRange(0, 41), new FrameRange(60, 41) }, aligned.OkRanges().ToArray());
        for (int k = 0; k < 101; k++)
        {
            float joint = aligned.Joints![k * 16];
            if (k <= 40) Assert.AreEqual(0f, joint, $"frame {k}: segment before the gap is exactly its own data");
            else if (k >= 60) Assert.AreEqual(1f, joint, $"frame {k}: segment after the gap is exactly its own data");
            else
            {
                Assert.IsTrue(float.IsNaN(joint), $"frame {k} is in the gap");
                Assert.IsTrue(aligned.MagneticFrame(k).ToArray().All(v => v == 0f), $"frame {k}: no magnetic data in a gap frame");
            }
        }
    }

    [TestMethod]
    public void GapsInMagneticFramesAreNotInterpolatedAcross()
    {
        var times = RecordingSamples.Times(101, 0.0, 0.01).Where(t => t < 0.695 || t > 0.805).ToArray();
        var magnetic = Magnetic(times, (c, t) => t < 0.75 ? 30000 : 40000);
        var aligned = RecordingPreprocessor.Align(new XelaRecording("magnetic-gap", magnetic));
        CollectionAssert.AreEqual(new[] { new FrameRange(0, 70), new FrameRange(81, 20) }, aligned.OkRanges().ToArray());
        Assert.AreEqual(30000f, aligned.Magnetic[69 * W]);
        Assert.AreEqual(0f, aligned.Magnetic[75 * W]);
        Assert.AreEqual(40000f, aligned.Magnetic[81 * W]);
        Assert.AreEqual(0, aligned.Validity.InvalidValues, "a gap is not an invalid reading");
    }

    [TestMethod]
    public void SlowLabelStreamIsNotAllGapsButAPerStreamLimitApplies()
    {
        var magnetic = Magnetic(RecordingSamples.Times(101, 0.0, 0.01), (_, _) => 30000);
        var joystick = RecordingSamples.Stream("joystick", 3, RecordingSamples.OnGrid(11, 10), (r, c) => r * 0.1f + c, "");
        var recording = new XelaRecording("slow", magnetic, null, new Dictionary<string, TimeSeries> { ["joystick"] = joystick });

        var aligned = new Resampler { Interpolation = Interpolation.Linear }.Align(recording);
        Assert.IsTrue(aligned.FrameOk.All(ok => ok), "a 10 Hz stream's own spacing is not a gap");
        Assert.AreEqual(0.55f, aligned.Labels["joystick"].Values[55 * 3], 1e-6f);

        var strict = new Resampler { MaxGapSecondsByStream = new Dictionary<string, double> { ["joystick"] = 0.05 } }.Align(recording);
        CollectionAssert.AreEqual(Enumerable.Range(0, 11).Select(i => i * 10).ToArray(), Enumerable.Range(0, 101).Where(k => strict.FrameOk[k]).ToArray());
    }

    [TestMethod]
    public void NonFiniteJointSamplesAreDroppedCountedAndBridged()
    {
        var times = RecordingSamples.Times(101, 0.0, 0.01);
        var joints = Joints(times, (c, t) => 0.2 * t + c);
        joints.Values[50 * 16 + 3] = float.NaN;
        var magnetic = Magnetic(times, (_, _) => 30000);
        var aligned = new Resampler { Interpolation = Interpolation.Linear }.Align(new XelaRecording("nan-joint", magnetic, joints));

        Assert.AreEqual(1, aligned.NonFiniteSamplesDropped["joints"]);
        Assert.IsTrue(aligned.FrameOk.All(ok => ok), "one missing sample (20 ms) is within the 50 ms gap limit");
        Assert.AreEqual((float)(0.2 * 0.5 + 3), aligned.Joints![50 * 16 + 3], 1e-6f);
    }

    [TestMethod]
    public void StreamsThatDoNotOverlapAreReported()
    {
        var magnetic = Magnetic(RecordingSamples.Times(10, 0.0, 0.01), (_, _) => 30000);
        var joints = Joints(RecordingSamples.Times(10, 5.0, 0.01), (_, _) => 0);
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => RecordingPreprocessor.Align(new XelaRecording("apart", magnetic, joints)));
        StringAssert.Contains(e.Message, "recording 'apart': the streams share no 100 Hz frame; spans are 'magnetic' [0, 0.09] s, 'joints' [5, 5.09] s.");
    }

    [TestMethod]
    public void AJitteredMinuteAlignsOntoTheFrameGrid()
    {
        // Its speed is measured by AlignmentBenchmarks, not here.
        var times = Jittered(6000, 0.0, 0.01, 0.002, 5);
        var magnetic = Magnetic(times, (c, t) => 30000 + 10 * Math.Sin(t + c));
        var joints = Joints(Jittered(6000, 0.0, 0.01, 0.002, 6), (c, t) => Math.Sin(t + c));
        var aligned = RecordingPreprocessor.Align(new XelaRecording("minute", magnetic, joints));
        Assert.IsTrue(aligned.FrameCount is >= 5998 and <= 6000);
        for (int k = 0; k < aligned.FrameCount; k += 997)
            Assert.AreEqual(k * 0.01, aligned.TimestampsSeconds[k] - aligned.TimestampsSeconds[0], 1e-9, $"frame {k} on the 100 Hz grid");
    }
}
