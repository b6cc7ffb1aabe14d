using Sparsh.Trainers.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Tests.Torch;

[TestClass]
public sealed class MixedPrecisionTests
{
    [TestMethod]
    public void OutsideAScopeLinearIsTheLayerItself()
    {
        using var scope = NewDisposeScope();
        torch.random.manual_seed(3);
        using var layer = nn.Linear(24, 40);
        var x = torch.randn(7, 24);
        Assert.IsFalse(MixedPrecision.BFloat16);
        Assert.IsTrue(MixedPrecision.Linear(layer, x).allclose(layer.forward(x), rtol: 0, atol: 0));
        Assert.IsTrue(MixedPrecision.Matmul(x, layer.weight!.t()).allclose(x.matmul(layer.weight!.t()), rtol: 0, atol: 0));
    }

    [TestMethod]
    public void BFloat16LinearGivesFloat32ValuesAndFloat32GradientsCloseToFloat32()
    {
        using var scope = NewDisposeScope();
        torch.random.manual_seed(3);
        using var layer = nn.Linear(64, 48);
        var x = torch.randn(32, 64);
        var exact = layer.forward(x);
        var exactGrad = torch.autograd.grad([exact.pow(2).sum()], [layer.weight!])[0];

        Tensor mixed, kept;
        using (MixedPrecision.Use(MatmulPrecision.BFloat16))
        {
            Assert.IsTrue(MixedPrecision.BFloat16);
            mixed = MixedPrecision.Linear(layer, x);
            kept = MixedPrecision.Linear(layer, x, keepBFloat16: true);
        }
        Assert.IsFalse(MixedPrecision.BFloat16, "disposing the scope restores float32");
        var mixedGrad = torch.autograd.grad([mixed.pow(2).sum()], [layer.weight!])[0];

        Assert.AreEqual(ScalarType.Float32, mixed.dtype);
        Assert.AreEqual(ScalarType.BFloat16, kept.dtype);
        Assert.AreEqual(ScalarType.Float32, mixedGrad.dtype);
        Assert.IsFalse(mixed.allclose(exact, rtol: 0, atol: 0), "the product must actually run in bfloat16");
        // bfloat16 keeps 8 significant bits: relative errors of a few 1e-3 per product.
        double error = ((mixed - exact).norm() / exact.norm()).item<float>();
        double gradError = ((mixedGrad - exactGrad).norm() / exactGrad.norm()).item<float>();
        Assert.IsLessThan(1e-2, error, $"relative output error {error}");
        Assert.IsLessThan(1e-2, gradError, $"relative gradient error {gradError}");
    }

    [TestMethod]
    public void ScopesNestAndRestore()
    {
        using (MixedPrecision.Use(MatmulPrecision.BFloat16))
        {
            using (MixedPrecision.Use(MatmulPrecision.Float32)) Assert.IsFalse(MixedPrecision.BFloat16);
            Assert.IsTrue(MixedPrecision.BFloat16);
        }
        Assert.IsFalse(MixedPrecision.BFloat16);
    }
}
