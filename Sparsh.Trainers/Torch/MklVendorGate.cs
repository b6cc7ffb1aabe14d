using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Sparsh.Trainers.Torch;

/// <summary>
/// Lets oneMKL, which libtorch's CPU build links for its float32 matrix products, choose its kernels from the CPU's
/// feature flags on every vendor's CPU. MKL asks two of its own functions whether the CPU is Intel's and, on any other,
/// runs its generic kernels: on the AMD EPYC (Zen, AVX-512) reference machine it reported "Intel(R) Architecture
/// processors" and its 1024^3 sgemm took 33-40 ms a product; with the gate it reports AVX-512 and took 22-25 ms,
/// and pretraining steps ran 24 % (tiny preset) and 36 % (small) faster on average (docs/pretraining.md, issue 20).
/// </summary>
/// <remarks>
/// The gate is <c>libsparsh_mkl_vendor_gate.so</c>, built from <c>Native/mkl_vendor_gate.c</c> at build time: two
/// functions that answer "yes". At the first use of this assembly (its module initializer, which runs before any of its
/// code can make a libtorch call) the library is opened into the process's global symbol scope, which the dynamic
/// linker searches before libtorch's own definitions when it binds MKL's calls to them. This is the interposition that
/// users of MKL on AMD CPUs do with <c>LD_PRELOAD</c>, done by the library so that every app and test gets it. It changes which kernels compute a
/// product (results differ in the last bits), not what is computed. It has no effect on Intel CPUs, off Linux x64,
/// when the build found no C compiler, or with <c>SPARSH_MKL_VENDOR_GATE=0</c> set before the process starts.
/// Products computed before the gate was loaded keep MKL's first choice: MKL decides once per process.
/// </remarks>
internal static class MklVendorGate
{
    /// <summary>File name of the gate library (next to this assembly, or under runtimes/linux-x64/native).</summary>
    public const string LibraryName = "libsparsh_mkl_vendor_gate.so";

    /// <summary>Environment variable that keeps MKL's own vendor check when set to 0.</summary>
    public const string OptOutVariable = "SPARSH_MKL_VENDOR_GATE";

    /// <summary>Path of the gate library this process loaded; null if it loaded none.</summary>
    public static string? LoadedFrom { get; private set; }

#pragma warning disable CA2255 // A library module initializer on purpose: it runs before this assembly's first libtorch call.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Load()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64) return;
        if (NativeRuntimeSettings.Get(OptOutVariable) == "0") return;
        var path = Candidates().FirstOrDefault(File.Exists);
        // dlopen, not NativeLibrary.Load: only RTLD_GLOBAL puts the gate's definitions ahead of libtorch's.
        if (path is not null && dlopen(path, RtldNow | RtldGlobal) != IntPtr.Zero) LoadedFrom = path;
    }

    /// <summary>
    /// The kernels MKL chose, as it names them ("Intel(R) Advanced Vector Extensions 512 (Intel(R) AVX-512) ..." or
    /// "Intel(R) Architecture processors" for the generic ones); null if libtorch is not loaded or has no MKL.
    /// </summary>
    public static string? MklKernels()
    {
        if (!OperatingSystem.IsLinux()) return null;
        _ = TorchSharp.torch.get_num_threads(); // loads libtorch, if nothing has yet
        var libtorch = dlopen("libtorch_cpu.so", RtldNow | RtldNoLoad);
        // MKL_Get_Version is not exported from libtorch; mkl_serv_get_version is the function behind it.
        if (libtorch == IntPtr.Zero || !NativeLibrary.TryGetExport(libtorch, "mkl_serv_get_version", out var export)) return null;
        var version = new MklVersionInfo();
        unsafe
        {
            ((delegate* unmanaged<MklVersionInfo*, void>)export)(&version);
        }
        return Marshal.PtrToStringAnsi(version.Processor)?.Trim();
    }

    /// <summary>oneMKL's <c>MKLVersion</c> struct (mkl_types.h).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct MklVersionInfo
    {
        public int Major, Minor, Update;
        public IntPtr ProductStatus, Build, Processor, Platform;
    }

    private static IEnumerable<string> Candidates()
    {
        var assemblyDirectory = Path.GetDirectoryName(typeof(MklVendorGate).Assembly.Location);
        if (!string.IsNullOrEmpty(assemblyDirectory)) yield return Path.Combine(assemblyDirectory, LibraryName);
        yield return Path.Combine(AppContext.BaseDirectory, LibraryName);
        yield return Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", LibraryName);
    }

    private const int RtldNow = 0x2, RtldNoLoad = 0x4, RtldGlobal = 0x100;

    // glibc 2.34 and later export dlopen from libc itself (Debian 12 has 2.36).
    [DllImport("libc.so.6", CharSet = CharSet.Ansi)]
    private static extern IntPtr dlopen(string file, int mode);
}
