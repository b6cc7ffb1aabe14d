using TorchSharp;
using Sparsh.Trainers.Torch;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Objectives;

/// <summary>
/// KoLeo regulariser (Kozachenko-Leonenko entropy estimate): -mean log(distance to the nearest other sample) of
/// L2-normalised features. Spreads the global tokens of a batch over the sphere, which counters collapse.
/// </summary>
public static class KoLeoLoss
{
    /// <summary>Default weight of the term in the total loss.</summary>
    public const double DefaultWeight = 0.1;

    /// <summary>Computes the loss over features [N, D] (N at least 2).</summary>
    public static Tensor Compute(Tensor features, double epsilon = 1e-8)
    {
        using var scope = NewDisposeScope();
        var x = nn.functional.normalize(features, p: 2, dim: -1, eps: epsilon);
        long n = x.shape[0];
        Tensor nearest;
        using (torch.no_grad())
        {
            // Largest cosine similarity = nearest neighbour on the sphere; the diagonal is excluded.
            var similarity = x.matmul(x.t());
            var self = torch.eye(n, dtype: ScalarType.Bool, device: x.device);
            nearest = similarity.masked_fill(self, -2).argmax(1);
        }
        using Scalar eps = epsilon.ToScalar();
        var distance = (x - x.index_select(0, nearest)).pow(2).sum(-1).add(eps, KeptScalars.One).sqrt();
        return (-distance.add(eps, KeptScalars.One).log().mean()).MoveToOuterDisposeScope();
    }
}
