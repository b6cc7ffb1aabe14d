using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Transforms.Frames;
using Sparsh.Transforms.Kinematics;
using Sparsh.Transforms.Normalization;
using Sparsh.Transforms.Preprocessing;
using Sparsh.Transforms.Windowing;
using Sparsh.Transforms.Xela;

namespace Sparsh.Transforms.Tests.Pipeline;

[TestClass]
public sealed class WindowPipelineAllocationTests
{
    [TestMethod]
    public void ReadingWindowsAllocatesNothingPerRowAfterWarmUp()
    {
        const int frames = 1000;
        var magnetic = Enumerable.Range(0, frames * XelaSkin.ValuesPerFrame).Select(i => 30000f + i % 1013).ToArray();
        var joints = Enumerable.Range(0, frames * XelaSkin.JointCount).Select(i => 0.5f).ToArray();
        var recording = new AlignedRecording("alloc", null, null, 100, Enumerable.Range(0, frames).Select(k => k / 100.0).ToArray(),
            magnetic, joints, new Dictionary<string, AlignedLabel>(), Enumerable.Repeat(true, frames).ToArray(),
            new ValidityReport(frames, 0, new int[XelaSkin.TaxelCount], 0));
        var view = new XelaFrameDataView([recording]);
        var windows = new XelaWindowingEstimator(new XelaWindowingOptions())
            .Append(new KinematicPositionsEstimator(new KinematicPositionsOptions()))
            .Append(new XelaNormalizationEstimator(new XelaNormalizationOptions()))
            .Fit(view).Transform(view);

        var columns = new[] { windows.Schema[XelaColumnNames.Magnetic], windows.Schema[XelaColumnNames.TaxelPositions], windows.Schema[XelaColumnNames.Validity] };
        using var cursor = windows.GetRowCursor(columns);
        var magneticGetter = cursor.GetGetter<VBuffer<float>>(columns[0]);
        var positionGetter = cursor.GetGetter<VBuffer<float>>(columns[1]);
        var validityGetter = cursor.GetGetter<VBuffer<bool>>(columns[2]);
        VBuffer<float> m = default, p = default;
        VBuffer<bool> v = default;
        void ReadWindow()
        {
            Assert.IsTrue(cursor.MoveNext());
            magneticGetter(ref m);
            positionGetter(ref p);
            validityGetter(ref v);
        }

        for (int w = 0; w < 5; w++) ReadWindow();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int w = 0; w < 50; w++) ReadWindow();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.AreEqual(0L, allocated, "bytes allocated while reading 50 windows after warm-up");
        Assert.AreEqual(10 * XelaSkin.ValuesPerFrame, p.Length);
    }
}
