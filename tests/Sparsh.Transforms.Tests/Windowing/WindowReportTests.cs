using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Transforms.Windowing;
using Sparsh.Transforms.Xela;

namespace Sparsh.Transforms.Tests.Windowing;

/// <summary>Windows lost to gaps are counted per recording and logged; a recording that yields no window is an error naming it.</summary>
[TestClass]
public sealed class WindowReportTests
{
    public sealed class Frame
    {
        public string RecordingId { get; set; } = "";
        public double TimestampSeconds { get; set; }
        [VectorType(2)] public float[] Signal { get; set; } = [];
    }

    // Frame k at 100 Hz, with a hole of `holeFrames` frame periods before each frame listed in `holesBefore`.
    private static IEnumerable<Frame> Recording(string id, int frames, params int[] holesBefore)
    {
        double time = 0;
        for (int k = 0; k < frames; k++)
        {
            if (holesBefore.Contains(k)) time += 0.05;
            yield return new Frame { RecordingId = id, TimestampSeconds = time, Signal = [k, -k] };
            time += 0.01;
        }
    }

    private static XelaWindowingOptions Options(int length = 10, int stride = 10) => new()
    {
        WindowLengthFrames = length,
        StrideFrames = stride,
        WindowedColumnNames = ["Signal"],
    };

    private static (XelaWindowedDataView Windows, List<string> Log) Window(IEnumerable<Frame> frames, XelaWindowingOptions options)
    {
        var mlContext = new MLContext(seed: 1);
        var log = new List<string>();
        mlContext.Log += (_, e) => { lock (log) log.Add(e.Message); };
        var data = mlContext.Data.LoadFromEnumerable(frames.ToList());
        var windows = new XelaWindowingEstimator(options, mlContext).Fit(data).Transform(data);
        return (windows, log);
    }

    private static long CountRows(IDataView view)
    {
        using var cursor = view.GetRowCursor([]);
        long rows = 0;
        while (cursor.MoveNext()) rows++;
        return rows;
    }

    [TestMethod]
    public void WindowsLostToAGapAreCountedPerRecordingAndLogged()
    {
        // 'whole': 35 frames, 3 windows. 'split': 35 frames with a hole before frame 15: runs of 15 and 20 frames give
        // 1 + 2 windows, as many as without the hole. 'holey': holes before frames 6 and 25: runs of 6, 19 and 10 give
        // 0 + 1 + 1 windows of the 3 the 35 frames would give: 1 lost, and the 6 frames before the first hole are in no window.
        var (windows, log) = Window(
            Recording("whole", 35).Concat(Recording("split", 35, 15)).Concat(Recording("holey", 35, 6, 25)), Options());

        CollectionAssert.AreEqual(new[] { "whole", "split", "holey" }, windows.Reports.Select(r => r.RecordingId).ToArray());
        Assert.AreEqual(new RecordingWindowReport("whole", 35, 1, 35, 3, 0, 0, 10), windows.Reports[0]);
        Assert.AreEqual(new RecordingWindowReport("split", 35, 2, 20, 3, 0, 0, 10), windows.Reports[1]);
        Assert.AreEqual(new RecordingWindowReport("holey", 35, 3, 19, 2, 1, 6, 10), windows.Reports[2]);
        Assert.IsTrue(windows.Reports[0].IsComplete && windows.Reports[1].IsComplete);
        Assert.IsFalse(windows.Reports[2].IsComplete);
        Assert.AreEqual(windows.Reports.Sum(r => r.Windows), CountRows(windows), "the report counts the windows the view yields");

        var holey = log.Where(m => m.Contains("recording 'holey'")).ToList();
        Assert.HasCount(1, holey, string.Join("\n", log));
        StringAssert.Contains(holey[0], "2 windows of 10 frames from 35 frames in 3 runs (1 windows lost to gaps, 6 frames in runs shorter than a window)");
        Assert.IsFalse(log.Any(m => m.Contains("recording 'whole'") || m.Contains("recording 'split'")), "complete recordings are not logged");
    }

    [TestMethod]
    public void OverlappingWindowsLostToAGapAreCounted()
    {
        // Stride 2: 30 frames give 11 windows; a hole before frame 15 leaves runs of 15 and 15 frames, 3 + 3 windows.
        var (windows, _) = Window(Recording("a", 30, 15), Options(length: 10, stride: 2));

        Assert.AreEqual(new RecordingWindowReport("a", 30, 2, 15, 6, 5, 0, 10), windows.Reports.Single());
        Assert.AreEqual(6, CountRows(windows));
    }

    [TestMethod]
    public void ARecordingTooShortForOneWindowIsAnErrorNamingItAndWhy()
    {
        var error = Assert.ThrowsExactly<InvalidDataException>(() => Window(Recording("long", 20).Concat(Recording("stub", 7)), Options()));

        StringAssert.Contains(error.Message, "Recording 'stub' yields no window");
        StringAssert.Contains(error.Message, "its 7 frames are fewer than a window's 10 (WindowLengthFrames)");
    }

    [TestMethod]
    public void ARecordingWhoseGapsLeaveNoRunLongEnoughIsAnErrorNamingItAndWhy()
    {
        var error = Assert.ThrowsExactly<InvalidDataException>(() => Window(
            Recording("long", 20).Concat(Recording("choppy", 24, 8, 16)).Concat(Recording("short", 3)), Options()));

        StringAssert.Contains(error.Message, "Recording 'choppy' yields no window");
        StringAssert.Contains(error.Message, "MaxGapSeconds (0.015 s) split its 24 frames into 3 runs, the longest of 8 frames");
        StringAssert.Contains(error.Message, "1 other recording yield none either: 'short'");
    }

    [TestMethod]
    public void ReportsAreAvailableWithoutAContextAndThroughITransformer()
    {
        var mlContext = new MLContext(seed: 1);
        var data = mlContext.Data.LoadFromEnumerable(Recording("a", 25, 12).ToList());
        ITransformer transformer = new XelaWindowingEstimator(Options()).Fit(data);

        var windows = (XelaWindowedDataView)transformer.Transform(data);

        Assert.AreEqual(new RecordingWindowReport("a", 25, 2, 13, 2, 0, 0, 10), windows.Reports.Single());
    }
}
