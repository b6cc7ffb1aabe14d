using System.Runtime.InteropServices;
using Sparsh.Trainers.Torch;

namespace Sparsh.Trainers.Tests.Torch;

[TestClass]
public sealed class NativeHeapRetentionTests
{
    /// <summary>
    /// Whether glibc serves a 40 MB block (above its largest mmap threshold) by mmap: bit 1 (IS_MMAPPED) of the size word
    /// glibc keeps just before every block. Read from the block itself, so other threads' allocations cannot disturb it
    /// (a process-wide counter such as mallinfo2's mapped bytes can move between two reads).
    /// </summary>
    private static bool LargeBlockIsMapped()
    {
        // Marshal.AllocHGlobal is malloc on Unix.
        IntPtr block = Marshal.AllocHGlobal(40 << 20);
        try
        {
            return (Marshal.ReadInt64(block, -8) & 2) != 0;
        }
        finally
        {
            Marshal.FreeHGlobal(block);
        }
    }

    [TestMethod]
    public void LargeBlocksComeFromTheHeapOnlyWhileARunHoldsIt()
    {
        if (!OperatingSystem.IsLinux()) Assert.Inconclusive("glibc only.");
        Assert.IsFalse(NativeHeapRetention.Active);
        Assert.IsTrue(LargeBlockIsMapped(), "by default glibc maps a 40 MB block");
        using (NativeHeapRetention.Enter())
        {
            using (NativeHeapRetention.Enter()) Assert.IsFalse(LargeBlockIsMapped());
            // The inner run ended; the outer one still holds the setting.
            Assert.IsTrue(NativeHeapRetention.Active);
            Assert.IsFalse(LargeBlockIsMapped());
        }
        Assert.IsFalse(NativeHeapRetention.Active);
        Assert.IsTrue(LargeBlockIsMapped(), "the default is back after the last run");
    }
}
