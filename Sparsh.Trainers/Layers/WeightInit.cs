using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Layers;

/// <summary>Weight initialisation helpers.</summary>
public static class WeightInit
{
    /// <summary>
    /// Fills <paramref name="tensor"/> in place with N(0, std^2) truncated to [-2 std, 2 std] by redrawing the values
    /// outside. Written here because TorchSharp 0.107's <c>nn.init.trunc_normal_</c> binds its named arguments so
    /// that <c>std:</c> sets the mean (every value comes out equal to it).
    /// </summary>
    public static void TruncatedNormal(Tensor tensor, double std)
    {
        using var noGrad = torch.no_grad();
        using var scope = NewDisposeScope();
        tensor.normal_(0, std);
        for (int i = 0; i < 10; i++)
        {
            var outside = tensor.abs() > 2 * std;
            if (!outside.any().item<bool>()) return;
            var redraw = torch.empty_like(tensor).normal_(0, std);
            tensor.copy_(torch.where(outside, redraw, tensor));
        }
        tensor.clamp_(-2 * std, 2 * std);
    }
}
