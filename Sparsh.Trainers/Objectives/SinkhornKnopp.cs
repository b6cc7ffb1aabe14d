using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Objectives;

/// <summary>
/// Sinkhorn-Knopp teacher normalisation: alternately rescales exp(logits / T) so every prototype gets an equal share
/// of the batch and every sample's row sums to one. An alternative to centering that needs no running state.
/// </summary>
public static class SinkhornKnopp
{
    /// <summary>Targets [N, K] (rows sum to 1) from teacher logits [N, K].</summary>
    public static Tensor Normalise(Tensor teacherLogits, double temperature, int iterations = 3)
    {
        using var scope = NewDisposeScope();
        using var noGrad = torch.no_grad();
        long n = teacherLogits.shape[0], k = teacherLogits.shape[1];
        // No rows (e.g. no iBOT-masked tokens in this step): nothing to normalise, and max() of an empty tensor throws.
        if (n == 0) return torch.zeros_like(teacherLogits).MoveToOuterDisposeScope();
        // Subtracting the maximum leaves the result unchanged (it cancels in the normalisations) and avoids overflow.
        var scaled = teacherLogits / temperature;
        var q = (scaled - scaled.max()).exp().t();
        q = q / q.sum();
        for (int i = 0; i < iterations; i++)
        {
            q = q / q.sum(1, keepdim: true) / k;
            q = q / q.sum(0, keepdim: true) / n;
        }
        return (q * n).t().MoveToOuterDisposeScope();
    }
}
