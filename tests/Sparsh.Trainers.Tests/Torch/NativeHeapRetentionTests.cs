using System.Runtime.InteropServices;
using Sparsh.Trainers.Torch;

namespace Sparsh.Trainers.Tests.Torch;

[TestClass]
public sealed class NativeHeapRetentionTests
{
    /// <summary>
    /// Whether glibc serves a block of <paramref name="megabytes"/> (above its largest mmap threshold) by mmap: bit 1
    /// (IS_MMAPPED) of the size word glibc keeps just before every block. Read from the block itself, so other threads'
    /// allocations cannot disturb it (a process-wide counter such as mallinfo2's mapped bytes can move between two reads).
    /// </summary>
    /// <remarks>
    /// Outside a run the test asks for more than it allocated inside one: a 40 MB block freed inside a run stays a free
    /// chunk wherever another thread allocated above it, and would serve a later 40 MB request from the heap.
    /// </remarks>
    private static bool LargeBlockIsMapped(int megabytes)
    {
        // Marshal.AllocHGlobal is malloc on Unix.
        IntPtr block = Marshal.AllocHGlobal(megabytes << 20);
        try
        {
            return (Marshal.ReadInt64(block, -8) & 2) != 0;
        }
        finally
        {
            Marshal.FreeHGlobal(block);
        }
    }

    // Inside: under a thread arena's 64 MB heap. Outside: over it, and more than any block freed inside.
    private const int InsideMegabytes = 40, OutsideMegabytes = 96;

    [TestMethod]
    public void LargeBlocksComeFromTheHeapOnlyWhileARunHoldsIt()
    {
        if (!OperatingSystem.IsLinux()) Assert.Inconclusive("glibc only.");
        Assert.IsFalse(NativeHeapRetention.Active);
        Assert.IsTrue(LargeBlockIsMapped(OutsideMegabytes), "by default glibc maps a large block");
        using (NativeHeapRetention.Enter())
        {
            using (NativeHeapRetention.Enter()) Assert.IsFalse(LargeBlockIsMapped(InsideMegabytes));
            // The inner run ended; the outer one still holds the setting.
            Assert.IsTrue(NativeHeapRetention.Active);
            Assert.IsFalse(LargeBlockIsMapped(InsideMegabytes));
        }
        Assert.IsFalse(NativeHeapRetention.Active);
        Assert.IsTrue(LargeBlockIsMapped(OutsideMegabytes), "the default is back after the last run");
    }
}
