using Sparsh.Trainers.Torch;

namespace Sparsh.Trainers.Tests.Torch;

[TestClass]
public sealed class NativeRuntimeSettingsTests
{
    [TestMethod]
    public void LoadingTheAssemblySetsTheNativeDefaultsUnlessTheUserSetThem()
    {
        if (!OperatingSystem.IsLinux()) Assert.Inconclusive("The settings are applied on Linux only.");
        foreach (var (name, value) in NativeRuntimeSettings.Defaults)
        {
            // The managed environment is the snapshot taken at start-up: what the user set before the process began.
            string expected = Environment.GetEnvironmentVariable(name) ?? value;
            Assert.AreEqual(expected, NativeRuntimeSettings.Get(name), name);
        }
    }

    [TestMethod]
    public void SetIfUnsetKeepsAValueAlreadySet()
    {
        if (!OperatingSystem.IsLinux()) Assert.Inconclusive("The settings are applied on Linux only.");
        string name = "SPARSH_TEST_" + Guid.NewGuid().ToString("N");
        Assert.IsNull(NativeRuntimeSettings.Get(name));
        Assert.IsTrue(NativeRuntimeSettings.SetIfUnset(name, "first"));
        Assert.IsFalse(NativeRuntimeSettings.SetIfUnset(name, "second"));
        Assert.AreEqual("first", NativeRuntimeSettings.Get(name));
    }
}
