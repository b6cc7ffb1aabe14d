using System.Runtime.InteropServices;

namespace Sparsh.Trainers.Torch;

/// <summary>
/// While a pretraining run is in progress, glibc keeps freed blocks in its heap for reuse instead of unmapping them
/// (<c>mallopt(M_MMAP_MAX, 0)</c> and a trim threshold it never reaches); afterwards the defaults come back and the heap
/// is trimmed. libtorch's CPU allocator is plain malloc/free: each step of the tiny preset allocates and frees
/// [rows, 65536] float32 tensors of ~345 MB, which glibc serves by mmap, so every step the kernel mapped, faulted in
/// and zeroed gigabytes afresh (tiny bfloat16 step with glibc's settings from the start: 1.47 against 0.92 samples/s in
/// one pair of runs; float32 showed no clear difference once the losses were fused, docs/pretraining.md, issue 20). No
/// computed value changes, only where memory comes from; freed pages stay resident until the run ends. The heap stays
/// flat over a long run only because oneDNN's primitive cache is bounded (<see cref="NativeRuntimeSettings"/>).
/// </summary>
/// <remarks>
/// glibc caps a thread arena's heap at 64 MB, so on any thread but the process's first it still maps larger blocks;
/// export <c>MALLOC_ARENA_MAX=1</c> before the process starts to give every thread the first one's heap. Off Linux, or
/// without glibc, this does nothing. Nested and concurrent runs share one setting: the last to finish restores it.
/// Any <c>mallopt</c> of these parameters also ends glibc's dynamic adjustment of its mmap threshold for the rest of the
/// process (the threshold stays where it was when the first run began).
/// </remarks>
internal static class NativeHeapRetention
{
    private const int TrimThreshold = -1, MmapMax = -4;

    // glibc's defaults (DEFAULT_MMAP_MAX; the initial trim threshold, 128 KB).
    private const int DefaultMmapMax = 65536, DefaultTrimThreshold = 128 * 1024;

    private static readonly object Gate = new();
    private static int _runs;

    /// <summary>Keeps freed blocks until the returned object is disposed.</summary>
    public static IDisposable Enter()
    {
        lock (Gate)
        {
            if (_runs++ == 0) Apply(retain: true);
        }
        return new Run();
    }

    /// <summary>Whether a run holds the setting now.</summary>
    public static bool Active
    {
        get { lock (Gate) return _runs > 0; }
    }

    private static void Apply(bool retain)
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            mallopt(MmapMax, retain ? 0 : DefaultMmapMax);
            mallopt(TrimThreshold, retain ? int.MaxValue : DefaultTrimThreshold);
            if (!retain) malloc_trim(0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (e.g. musl): its allocator has no such settings.
        }
    }

    private sealed class Run : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            lock (Gate)
            {
                if (--_runs == 0) Apply(retain: false);
            }
        }
    }

    [DllImport("libc.so.6")]
    private static extern int mallopt(int parameter, int value);

    [DllImport("libc.so.6")]
    private static extern int malloc_trim(nuint pad);
}
