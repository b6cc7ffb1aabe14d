using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Objectives;

/// <summary>
/// BYOL's loss: the normalised mean squared error between the online network's prediction of one view and the target
/// network's projection of another, ||p/|p| - z/|z|||^2 = 2 - 2 cos(p, z), averaged over samples and over every pair
/// of different views (the symmetric loss of the paper with two views, which sums the two directions, is twice this
/// value). Targets get no gradient.
/// </summary>
public static class ByolLoss
{
    /// <summary>Computes the loss.</summary>
    /// <param name="onlinePredictions">[Vs, B, D] online predictions; the first Vt views are the target's views in its order.</param>
    /// <param name="targetProjections">[Vt, B, D] target projections (detached here).</param>
    /// <param name="epsilon">Smallest norm the L2 normalisation divides by.</param>
    public static Tensor Compute(Tensor onlinePredictions, Tensor targetProjections, double epsilon = 1e-12)
    {
        using var scope = NewDisposeScope();
        long b = onlinePredictions.shape[1];
        var p = nn.functional.normalize(onlinePredictions, p: 2, dim: -1, eps: epsilon);
        var z = nn.functional.normalize(targetProjections.detach(), p: 2, dim: -1, eps: epsilon);
        // pairCosine[t, s] = mean over samples of cos(z_t, p_s).
        var pairCosine = torch.einsum("tbd,sbd->ts", z, p) / b;
        return ViewPairs.MeanOverDifferentViews(2 - 2 * pairCosine).MoveToOuterDisposeScope();
    }
}
