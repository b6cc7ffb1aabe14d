using System.Runtime.InteropServices;

namespace Sparsh.Trainers.Torch;

/// <summary>glibc's heap statistics (<c>mallinfo2</c>, summed over all arenas), for the memory benchmark and tests.</summary>
internal static class GlibcHeap
{
    /// <summary>Bytes allocated and free inside glibc's heaps, and in blocks it mapped on their own; null off glibc.</summary>
    public static (long InUse, long Free, long Mapped)? Usage()
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            var info = mallinfo2();
            return ((long)info.Uordblks, (long)info.Fordblks, (long)info.Hblkhd);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    // glibc's struct mallinfo2: ten size_t fields.
    [StructLayout(LayoutKind.Sequential)]
    private struct MallInfo2
    {
        public nuint Arena, Ordblks, Smblks, Hblks, Hblkhd, Usmblks, Fsmblks, Uordblks, Fordblks, Keepcost;
    }

    [DllImport("libc.so.6")]
    private static extern MallInfo2 mallinfo2();
}
