using System.Runtime.CompilerServices;
using Sparsh.Trainers.Torch;

namespace Sparsh.Trainers.Tests;

[TestClass]
public static class NativeRuntimeFirst
{
    /// <summary>
    /// Runs Sparsh.Trainers' module initializers before any test, as an app's first use of the library would: a test
    /// that calls TorchSharp alone could otherwise run first, and MKL picks its kernels (with or without the vendor gate)
    /// and libtorch reads its environment only once per process.
    /// </summary>
    [AssemblyInitialize]
    public static void LoadSparshTrainers(TestContext _) => RuntimeHelpers.RunModuleConstructor(typeof(MklVendorGate).Module.ModuleHandle);
}
