using Sparsh.Transforms.Recordings;

namespace Sparsh.Transforms.Tests.Recordings;

[TestClass]
public sealed class TimeSeriesTests
{
    private static double[] Times(int n) => RecordingSamples.Times(n, 1.0, 0.01);

    [TestMethod]
    public void HoldsRowsOfItsWidth()
    {
        var series = new TimeSeries("joints", 2, [0.5, 0.75], [1f, 2f, 3f, 4f], "rad", ["a", "b"]);
        Assert.AreEqual(2, series.Count);
        CollectionAssert.AreEqual(new[] { 3f, 4f }, series.Row(1).ToArray());
        Assert.AreEqual(0.5, series.StartSeconds);
        Assert.AreEqual(0.75, series.EndSeconds);
        Assert.AreEqual("b", series.ChannelName(1));
        Assert.AreEqual("c1", new TimeSeries("x", 2, [0.0], [1f, 2f], "").ChannelName(1));
    }

    [TestMethod]
    public void NonIncreasingTimestampNamesStreamAndRows()
    {
        var times = Times(20);
        times[17] = 1.23;
        times[16] = 1.23;
        var e = Assert.ThrowsExactly<ArgumentException>(() => new TimeSeries("joints", 1, times, new float[20], "rad"));
        StringAssert.StartsWith(e.Message, "stream 'joints' row 17: timestamp 1.23 s is not after row 16 (1.23 s).");
    }

    [TestMethod]
    public void DecreasingTimestampNamesStreamAndRows()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => new TimeSeries("force", 1, [0.1, 0.3, 0.2], new float[3], "N"));
        StringAssert.StartsWith(e.Message, "stream 'force' row 2: timestamp 0.2 s is not after row 1 (0.3 s).");
    }

    [TestMethod]
    public void NaNTimestampNamesStreamAndRow()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => new TimeSeries("magnetic", 1, [0.1, double.NaN, 0.3], new float[3], "counts"));
        StringAssert.StartsWith(e.Message, "stream 'magnetic' row 1: timestamp NaN is not a finite number of seconds.");
    }

    [TestMethod]
    public void WrongValueCountNamesStreamAndShape()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => new TimeSeries("pose", 3, Times(4), new float[11], "m"));
        StringAssert.StartsWith(e.Message, "stream 'pose': 11 values do not fill 4 rows of width 3 (expected 12).");
    }

    [TestMethod]
    public void WrongChannelNameCountIsRejected()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => new TimeSeries("pose", 3, Times(1), new float[3], "m", ["x", "y"]));
        StringAssert.Contains(e.Message, "stream 'pose': 2 channel names for width 3");
    }
}
