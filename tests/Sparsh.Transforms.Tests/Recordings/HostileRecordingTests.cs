using System.Diagnostics;
using Sparsh.Transforms.Preprocessing;
using Sparsh.Transforms.Recordings;
using Sparsh.Transforms.Xela;

namespace Sparsh.Transforms.Tests.Recordings;

/// <summary>
/// Recordings a broken clock or a typo can produce: each is refused with an exception naming the recording,
/// the stream and the sample (or the setting), before anything large is allocated.
/// </summary>
[TestClass]
public sealed class HostileRecordingTests
{
    private static XelaRecording Recording(double[] magneticTimes, double[]? jointTimes = null)
    {
        var magnetic = RecordingSamples.Magnetic(magneticTimes, (_, _) => 30000f);
        var joints = jointTimes is null ? null : RecordingSamples.Stream(RecordingFormat.JointsStream, XelaSkin.JointCount, jointTimes, (_, _) => 0f, "rad");
        return new XelaRecording("hostile", magnetic, joints);
    }

    // Refused quickly: nothing the size of the span is allocated before the check.
    private static T Refused<T>(Action action) where T : Exception
    {
        long start = Stopwatch.GetTimestamp();
        var error = Assert.ThrowsExactly<T>(action);
        Assert.IsLessThan(1.0, Stopwatch.GetElapsedTime(start).TotalSeconds, "refused before any large allocation");
        return error;
    }

    [TestMethod]
    public void EpochJumpIsInvalidDataNamingRecordingStreamAndSample()
    {
        // Steps after the jump are 1024 s: 1e18 s has no finer resolution than 128 s.
        var recording = Recording([0, 0.01, 0.02, 1e18, 1e18 + 1024], [0, 0.01, 0.02, 1e18, 1e18 + 1024]);

        var error = Refused<InvalidDataException>(() => RecordingPreprocessor.Align(recording));

        StringAssert.Contains(error.Message, "'hostile'");
        StringAssert.Contains(error.Message, "stream 'magnetic' sample 3");
        StringAssert.Contains(error.Message, "1E+18 s");
    }

    [TestMethod]
    public void TimestampsNearDoubleMaxAreInvalidDataNotOverflow()
    {
        var recording = Recording([0, 0.01, double.MaxValue / 2, double.MaxValue], [0, 0.01, double.MaxValue]);

        var error = Refused<InvalidDataException>(() => new Resampler().CommonGrid(recording));

        StringAssert.Contains(error.Message, "'hostile'");
        StringAssert.Contains(error.Message, "sample 2");
    }

    [TestMethod]
    public void ShortSpanFarFromZeroIsInvalidDataNamingTheSample()
    {
        // 1e16 s (nanoseconds read as seconds): the span is short, but frame indices t * rate no longer fit a double exactly.
        var recording = Recording([1e16, 1e16 + 2, 1e16 + 4]);

        var error = Refused<InvalidDataException>(() => RecordingPreprocessor.Align(recording));

        StringAssert.Contains(error.Message, "'hostile'");
        StringAssert.Contains(error.Message, "stream 'magnetic' sample 0");
        StringAssert.Contains(error.Message, "seconds");
    }

    [TestMethod]
    public void SpanLongerThanARecordingHoldsIsRefusedBeforeAllocating()
    {
        // A million seconds at 100 Hz is 1e8 frames, 1e11 magnetic values.
        var recording = Recording([0, 1e6]);

        var error = Refused<InvalidDataException>(() => RecordingPreprocessor.Align(recording));

        StringAssert.Contains(error.Message, "'hostile'");
        StringAssert.Contains(error.Message, Resampler.MaxFrames.ToString());
        StringAssert.Contains(error.Message, "stream 'magnetic' sample 1");
    }

    [TestMethod]
    [DataRow(1e12)]
    [DataRow(1e300)]
    [DataRow(double.PositiveInfinity)]
    [DataRow(0.0)]
    [DataRow(double.NaN)]
    public void HugeOrInvalidRateIsArgumentOutOfRangeNamingTheRate(double rate)
    {
        var recording = Recording(RecordingSamples.OnGrid(3, 100), RecordingSamples.OnGrid(3, 100));

        var error = Refused<ArgumentOutOfRangeException>(() => new Resampler { RateHz = rate }.Align(recording));

        Assert.AreEqual(nameof(Resampler.RateHz), error.ParamName);
        StringAssert.Contains(error.Message, "'hostile'");
        StringAssert.Contains(error.Message, Resampler.MaxRateHz.ToString());
    }

    [TestMethod]
    public void LongButFittingSpanStillAligns()
    {
        // Unix-epoch seconds are far from zero but well inside the exact range.
        double start = 1.7e9;
        var times = RecordingSamples.OnGrid(50, 100).Select(t => start + t).ToArray();

        var aligned = new Resampler { Interpolation = Interpolation.Linear }.Align(Recording(times));

        Assert.IsGreaterThanOrEqualTo(48, aligned.FrameCount);
    }
}
