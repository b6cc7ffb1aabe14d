using Microsoft.Data.Analysis;
using Sparsh.Transforms.Recordings;

namespace Sparsh.Transforms.Tests.Recordings;

[TestClass]
public sealed class DataFrameInteropTests
{
    [TestMethod]
    public void ToDataFrameHasATimestampColumnAndOneFloatColumnPerChannel()
    {
        var series = new TimeSeries("force", 3, [0.5, 0.6], [1f, 2f, 3f, 4f, 5f, 6f], "N", ["fx", "fy", "fz"]);
        var frame = series.ToDataFrame();
        CollectionAssert.AreEqual(new[] { "timestamp_s", "fx", "fy", "fz" }, frame.Columns.Select(c => c.Name).ToArray());
        Assert.AreEqual(typeof(double), frame.Columns[0].DataType);
        Assert.AreEqual(typeof(float), frame.Columns["fy"].DataType);
        Assert.AreEqual(2L, frame.Rows.Count);
        Assert.AreEqual(0.6, frame.Columns["timestamp_s"][1]);
        Assert.AreEqual(5f, frame.Columns["fy"][1]);
    }

    [TestMethod]
    public void UnnamedChannelsAreNumbered()
    {
        var frame = new TimeSeries("pose", 2, [0.0], [7f, 8f], "m").ToDataFrame();
        CollectionAssert.AreEqual(new[] { "timestamp_s", "c0", "c1" }, frame.Columns.Select(c => c.Name).ToArray());
    }

    [TestMethod]
    public void RoundTripKeepsTimestampsValuesAndNames()
    {
        var original = RecordingSamples.Full().Joints!;
        var back = TimeSeries.FromDataFrame(original.ToDataFrame(), original.Name, original.Unit);
        RecordingSamples.AssertSameSeries(original, back);
    }

    [TestMethod]
    public void FromDataFrameAcceptsOtherNumericColumnsAndAChosenOrder()
    {
        var frame = new DataFrame(
            new Int64DataFrameColumn("ms", [0L, 10L]),
            new DoubleDataFrameColumn("time", [0.0, 0.01]),
            new Int32DataFrameColumn("b", [3, 4]),
            new DoubleDataFrameColumn("a", [1.5, 2.5]));
        var series = TimeSeries.FromDataFrame(frame, "joystick", "", "time", ["a", "b"]);
        Assert.AreEqual(2, series.Width);
        CollectionAssert.AreEqual(new[] { 1.5f, 3f, 2.5f, 4f }, series.Values);
        CollectionAssert.AreEqual(new[] { "a", "b" }, series.ChannelNames!.ToArray());
    }

    [TestMethod]
    public void MissingAndNullCellsAreNamed()
    {
        var frame = new DataFrame(new DoubleDataFrameColumn("timestamp_s", [0.0, 0.1]), new SingleDataFrameColumn("fx", [1f, 2f]));
        var e = Assert.ThrowsExactly<ArgumentException>(() => TimeSeries.FromDataFrame(frame, "force", "N", "t"));
        StringAssert.StartsWith(e.Message, "stream 'force': column 't' not found; columns are 'timestamp_s', 'fx'.");

        frame.Columns["fx"][1] = null;
        e = Assert.ThrowsExactly<ArgumentException>(() => TimeSeries.FromDataFrame(frame, "force", "N"));
        Assert.AreEqual("stream 'force': column 'fx' row 1 is null.", e.Message);
    }
}
