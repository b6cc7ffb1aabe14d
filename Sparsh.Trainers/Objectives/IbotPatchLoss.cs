using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Objectives;

/// <summary>
/// iBOT loss on masked taxel tokens: cross-entropy between the teacher's prototype distribution of a token it saw
/// and the student's distribution of the same token, which the student saw as the mask token. Averaged over a
/// sample's masked tokens, then over the samples that have any.
/// </summary>
public static class IbotPatchLoss
{
    /// <summary>Computes the loss.</summary>
    /// <param name="studentLogits">[M, K] student logits of the masked tokens.</param>
    /// <param name="teacherProbabilities">[M, K] teacher distributions of the same tokens.</param>
    /// <param name="sampleOfToken">[M] int64: which (view, sample) row each masked token belongs to.</param>
    /// <param name="studentTemperature">Student softmax temperature.</param>
    public static Tensor Compute(Tensor studentLogits, Tensor teacherProbabilities, Tensor sampleOfToken, double studentTemperature)
    {
        using var scope = NewDisposeScope();
        if (studentLogits.shape[0] == 0) return torch.zeros(1, device: studentLogits.device).squeeze().MoveToOuterDisposeScope();
        // -sum_k p_k log softmax(z / T)_k = (sum_k p_k) logsumexp(z / T) - p . (z / T), row by row. The same value as the
        // log_softmax form, without the [M, K] log-probabilities and their product with p (K = 65536 in the recipe: each
        // such tensor is hundreds of MB per step, and their passes cost more than the row dot products).
        var scaled = studentLogits / studentTemperature;
        var dot = torch.bmm(teacherProbabilities.unsqueeze(1), scaled.unsqueeze(2)).view(-1);
        var tokenLoss = teacherProbabilities.sum(-1) * torch.logsumexp(scaled, -1) - dot;
        // Weight 1 / (masked tokens of its sample), so every sample counts once whatever its mask size.
        long rows = sampleOfToken.max().item<long>() + 1;
        var counts = torch.zeros(rows, dtype: tokenLoss.dtype, device: tokenLoss.device).index_add(0, sampleOfToken, torch.ones_like(tokenLoss), 1);
        var weights = counts.index_select(0, sampleOfToken).reciprocal();
        var samples = (counts > 0).sum().to(tokenLoss.dtype);
        return ((tokenLoss * weights).sum() / samples).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The same loss as pairs for <see cref="SoftTargetCrossEntropy"/>: masked token m is student row
    /// <paramref name="firstLogitRow"/> + m against target row <paramref name="firstTargetRow"/> + m, weighted
    /// 1 / (masked tokens of its sample) / (samples with any).
    /// </summary>
    internal static SoftTargetPairs Pairs(IReadOnlyList<int> sampleOfToken, int firstLogitRow, int firstTargetRow)
    {
        var counts = new Dictionary<int, int>();
        foreach (int sample in sampleOfToken) counts[sample] = counts.GetValueOrDefault(sample) + 1;
        int m = sampleOfToken.Count;
        return new SoftTargetPairs(
            [.. Enumerable.Range(firstLogitRow, m)],
            [.. Enumerable.Range(firstTargetRow, m)],
            [.. sampleOfToken.Select(sample => 1.0 / counts[sample] / counts.Count)]);
    }
}
