using System.Reflection;
using Sparsh.Trainers.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Tests;

[TestClass]
public sealed class TorchSharpLoadingTests
{
    private const string Version = "GLIBCXX_3.4.32";

    [TestMethod]
    public void AdamWStepChangesWeights()
    {
        TorchDevice.Resolve("cpu", cpuThreads: 1);
        torch.random.manual_seed(7);
        using var layer = nn.Linear(4, 2);
        using var optimizer = optim.AdamW(layer.parameters(), lr: 0.1);
        float[] before = layer.weight!.data<float>().ToArray();

        using (NewDisposeScope())
        {
            var x = torch.tensor(new float[] { 1, 2, 3, 4, -1, 0, 1, 2 }, [2, 4]);
            var loss = layer.forward(x).pow(2).sum();
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
        }

        float[] after = layer.weight!.data<float>().ToArray();
        // AdamW's first step moves every weight with a non-zero gradient by about lr in magnitude.
        for (int i = 0; i < before.Length; i++)
            Assert.AreEqual(0.1, Math.Abs(after[i] - before[i]), 0.02, $"weight {i}: {before[i]} -> {after[i]}");
    }

    [TestMethod]
    public void OutputCopyOfLibTorchSharpIsPatchedExactlyWhenTheSystemNeedsIt()
    {
        if (!OperatingSystem.IsLinux()) Assert.Inconclusive("The ELF fix applies to Linux only.");
        string library = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.IsTrue(File.Exists(library), $"expected the native bridge at {library}");
        string? system = ElfVersionNeeds.FindSystemLibStdCxx();
        bool systemHasVersion = system != null && ElfVersionNeeds.DefinesVersion(system, Version);
        Assert.AreEqual(!systemHasVersion, !ElfVersionNeeds.RequiresStrongly(library, Version),
            $"system libstdc++ {(systemHasVersion ? "has" : "lacks")} {Version}; the output copy should be patched only when it lacks it");
    }

    [TestMethod]
    public void MarkWeakFlipsOneBitAndIsIdempotent()
    {
        string original = Path.Combine(TorchSharpPackageDir(), "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        if (!File.Exists(original)) Assert.Inconclusive($"No unpatched copy at {original}.");
        string copy = Path.Combine(Path.GetTempPath(), $"libLibTorchSharp-{Guid.NewGuid():N}.so");
        File.Copy(original, copy);
        try
        {
            Assert.IsTrue(ElfVersionNeeds.RequiresStrongly(copy, Version));
            Assert.AreEqual(ElfVersionNeeds.PatchResult.Patched, ElfVersionNeeds.MarkWeak(copy, Version));
            Assert.IsFalse(ElfVersionNeeds.RequiresStrongly(copy, Version));
            Assert.AreEqual(ElfVersionNeeds.PatchResult.AlreadyWeak, ElfVersionNeeds.MarkWeak(copy, Version));
            Assert.AreEqual(ElfVersionNeeds.PatchResult.NotRequired, ElfVersionNeeds.MarkWeak(copy, "GLIBCXX_99.0"));

            byte[] a = File.ReadAllBytes(original), b = File.ReadAllBytes(copy);
            Assert.AreEqual(a.Length, b.Length);
            int differing = a.Where((value, i) => value != b[i]).Count();
            Assert.AreEqual(1, differing, "only the vna_flags byte should change");
        }
        finally
        {
            File.Delete(copy);
        }
    }

    [TestMethod]
    public void NonElfFileGivesAClearError()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "not a shared library");
            var error = Assert.ThrowsExactly<InvalidDataException>(() => ElfVersionNeeds.MarkWeak(path, Version));
            StringAssert.Contains(error.Message, path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string TorchSharpPackageDir() => typeof(TorchSharpLoadingTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "TorchSharpPackageDir").Value!;
}
