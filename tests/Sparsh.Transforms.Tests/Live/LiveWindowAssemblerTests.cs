using Sparsh.Transforms.Live;
using Sparsh.Transforms.Xela;

namespace Sparsh.Transforms.Tests.Live;

[TestClass]
public sealed class LiveWindowAssemblerTests
{
    private static (float[] Counts, float[] Joints) Frame(int k)
    {
        var counts = new float[XelaSkin.ValuesPerFrame];
        counts[0] = k;
        var joints = new float[XelaSkin.JointCount];
        joints[^1] = k;
        return (counts, joints);
    }

    [TestMethod]
    public void WindowsComeEveryStrideOldestFrameFirstAndRestartAfterAGap()
    {
        var assembler = new LiveWindowAssembler(windowLengthFrames: 4, strideFrames: 2);
        var magnetic = new float[4 * XelaSkin.ValuesPerFrame];
        var joints = new float[4 * XelaSkin.JointCount];
        var starts = new List<int>();
        for (int k = 0; k < 14; k++)
        {
            double time = k < 8 ? k * 0.01 : 0.2 + k * 0.01; // a 120 ms hole after frame 7
            var (counts, angles) = Frame(k);
            if (!assembler.Push(time, counts, angles)) continue;
            assembler.CopyWindow(magnetic, joints);
            starts.Add((int)magnetic[0]);
            for (int f = 0; f < 4; f++)
            {
                Assert.AreEqual(magnetic[0] + f, magnetic[f * XelaSkin.ValuesPerFrame], "frames in time order");
                Assert.AreEqual(magnetic[0] + f, joints[f * XelaSkin.JointCount + XelaSkin.JointCount - 1]);
            }
        }
        CollectionAssert.AreEqual(new[] { 0, 2, 4, 8, 10 }, starts);
        Assert.AreEqual(1, assembler.GapCount);
    }

    [TestMethod]
    public void BadFramesAreRejectedWithTheReason()
    {
        var assembler = new LiveWindowAssembler();
        var (counts, joints) = Frame(0);
        assembler.Push(1.0, counts, joints);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => assembler.Push(1.0, counts, joints)).Message, "not after");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => assembler.Push(2.0, new float[5], joints)).Message, "1104 raw counts");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => assembler.Push(2.0, counts, new float[3])).Message, "16 joint angles");
    }
}
