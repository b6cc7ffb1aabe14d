using System.Runtime.InteropServices;
using Sparsh.Trainers.Torch;

namespace Sparsh.Trainers.Tests.Torch;

[TestClass]
public sealed class NativeHeapRetentionTests
{
    // glibc's struct mallinfo2: ten size_t fields; hblkhd (bytes in mmapped blocks) is the fifth.
    [StructLayout(LayoutKind.Sequential)]
    private struct MallInfo2
    {
        public nuint Arena, Ordblks, Smblks, Hblks, Hblkhd, Usmblks, Fsmblks, Uordblks, Fordblks, Keepcost;
    }

    [DllImport("libc.so.6")]
    private static extern MallInfo2 mallinfo2();

    /// <summary>Bytes glibc holds in mmapped blocks while a 40 MB block (above its largest mmap threshold) is allocated.</summary>
    private static long MappedBytesOfALargeBlock()
    {
        long before = (long)mallinfo2().Hblkhd;
        // Marshal.AllocHGlobal is malloc on Unix.
        IntPtr block = Marshal.AllocHGlobal(40 << 20);
        try
        {
            return (long)mallinfo2().Hblkhd - before;
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
        Assert.IsTrue(MappedBytesOfALargeBlock() >= 40 << 20, "by default glibc maps a 40 MB block");
        using (NativeHeapRetention.Enter())
        {
            using (NativeHeapRetention.Enter()) Assert.AreEqual(0, MappedBytesOfALargeBlock());
            // The inner run ended; the outer one still holds the setting.
            Assert.IsTrue(NativeHeapRetention.Active);
            Assert.AreEqual(0, MappedBytesOfALargeBlock());
        }
        Assert.IsFalse(NativeHeapRetention.Active);
        Assert.IsTrue(MappedBytesOfALargeBlock() >= 40 << 20, "the default is back after the last run");
    }
}
