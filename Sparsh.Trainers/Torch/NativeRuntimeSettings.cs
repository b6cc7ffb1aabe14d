using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Sparsh.Trainers.Torch;

/// <summary>
/// Environment variables that libtorch's native libraries read once, set in the process environment (on Linux) when this assembly
/// loads (before any of its code can touch libtorch) unless the user already set them. Measured on the 2-core machine
/// (docs/pretraining.md, issue 20):
/// <list type="bullet">
/// <item><c>THP_MEM_ALLOC_ENABLE=1</c>: libtorch's CPU allocator asks for transparent huge pages for buffers of 2 MB and
/// more. The self-distillation step allocates and frees [rows, 65536] tensors of ~345 MB; on 4 KB pages each one costs
/// ~85,000 page faults, and the tiny preset spent half its time in the kernel. With it the step ran 2x faster; the
/// numbers computed are the same. The micro encoder's step, all small buffers, ran 12-15 % slower with it at first and
/// measured alike with and without it once freed blocks stayed in glibc's heap during a run.</item>
/// <item><c>OMP_WAIT_POLICY=PASSIVE</c>: OpenMP threads sleep instead of spinning while they wait for each other.
/// On a shared machine a spinning thread burns its slice waiting for a descheduled peer (2 threads were 12-24x slower);
/// on two idle cores spinning was faster for the micro encoder and slower for the tiny one. libgomp reads it when
/// libtorch loads.</item>
/// <item><c>ONEDNN_PRIMITIVE_CACHE_CAPACITY=32</c>: oneDNN (libtorch's float32 GELU, its bfloat16 matrix products) keeps
/// the primitive it builds for each new tensor shape, 1024 of them by default. View sizes change every step, so the cache
/// filled with primitives for shapes not seen again, and their small blocks kept holes in glibc's heap from joining:
/// the small preset's RSS grew 393 -> 542 MB from step 100 to 500 with nothing leaking. Capped, the heap stays flat once
/// the cache is full, and a step still reuses its own shapes (0, no cache, rebuilt every primitive on every call: the
/// tiny bfloat16 step ran at half speed; 16 ran as fast as 1024). oneDNN reads it at its first primitive.</item>
/// </list>
/// Set any of them yourself (any value, e.g. <c>THP_MEM_ALLOC_ENABLE=0</c>) to keep your own choice.
/// .NET's <see cref="Environment.SetEnvironmentVariable(string, string)"/> changes only the managed copy of the
/// environment, which native code never reads, hence libc's <c>setenv</c>.
/// </summary>
internal static class NativeRuntimeSettings
{
    /// <summary>The variables and the values applied when unset.</summary>
    public static readonly IReadOnlyList<(string Name, string Value)> Defaults =
    [
        ("THP_MEM_ALLOC_ENABLE", "1"),
        ("OMP_WAIT_POLICY", "PASSIVE"),
        ("ONEDNN_PRIMITIVE_CACHE_CAPACITY", "32"),
    ];

#pragma warning disable CA2255 // A library module initializer on purpose: it is the only point that runs before this assembly's first libtorch call.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void ApplyDefaults()
    {
        foreach (var (name, value) in Defaults) SetIfUnset(name, value);
    }

    /// <summary>Sets <paramref name="name"/> in the native process environment unless it is set; returns whether it did.</summary>
    public static bool SetIfUnset(string name, string value)
    {
        if (!OperatingSystem.IsLinux()) return false;
        if (Get(name) is not null) return false;
        return setenv(name, value, overwrite: 0) == 0;
    }

    /// <summary>The variable as native code sees it (null when unset; always null off Linux).</summary>
    public static string? Get(string name) => OperatingSystem.IsLinux() ? Marshal.PtrToStringUTF8(getenv(name)) : null;

    // glibc's soname: "libc" alone would find libc.so, which on Debian is a linker script.
    [DllImport("libc.so.6", CharSet = CharSet.Ansi)]
    private static extern int setenv(string name, string value, int overwrite);

    [DllImport("libc.so.6", CharSet = CharSet.Ansi)]
    private static extern IntPtr getenv(string name);
}
