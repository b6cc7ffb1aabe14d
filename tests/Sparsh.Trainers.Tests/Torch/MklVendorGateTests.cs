using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using Sparsh.Trainers.Torch;
using TorchSharp;

namespace Sparsh.Trainers.Tests.Torch;

[TestClass]
public sealed class MklVendorGateTests
{
    [TestMethod]
    public void MklChoosesKernelsFromTheCpuFeatures()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
            Assert.Inconclusive("The gate is built for Linux x64 only.");
        if (Environment.GetEnvironmentVariable(MklVendorGate.OptOutVariable) == "0") Assert.Inconclusive("The gate is switched off.");
        Assert.IsNotNull(MklVendorGate.LoadedFrom, $"{MklVendorGate.LibraryName} was not loaded: the build needs a C compiler at /usr/bin/cc.");
        var kernels = MklVendorGate.MklKernels();
        Assert.IsNotNull(kernels, "libtorch's MKL did not describe itself.");
        // Without the gate MKL names "Intel(R) Architecture processors" on an AMD CPU, whatever its features.
        if (Avx512F.IsSupported) StringAssert.Contains(kernels, "AVX-512");
        else if (Avx2.IsSupported) StringAssert.Contains(kernels, "AVX2");
    }

    [TestMethod]
    public void ProductsOnTheChosenKernelsMatchADoublePrecisionProduct()
    {
        torch.manual_seed(7);
        using var a = torch.randn(300, 257);
        using var b = torch.randn(257, 190);
        using var product = torch.matmul(a, b);
        using var reference = torch.matmul(a.to_type(torch.ScalarType.Float64), b.to_type(torch.ScalarType.Float64));
        double error = (product.to_type(torch.ScalarType.Float64) - reference).abs().max().item<double>();
        double scale = reference.abs().max().item<double>();
        Assert.IsTrue(error < 1e-5 * scale, $"max error {error} against a largest entry of {scale}");
    }
}
