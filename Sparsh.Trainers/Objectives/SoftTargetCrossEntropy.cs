using Sparsh.Trainers.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Objectives;

/// <summary>
/// DINO's and iBOT's cross-entropy as one fused CPU operator: for every pair (student row r, target row t, weight w),
/// w * (sum_k p_tk * logsumexp(z_r / T) - p_t . z_r / T), i.e. w * -sum_k p_tk log softmax(z_r / T)_k, summed per
/// loss term. The gradient is written row by row, w / T * (sum_k p_tk * softmax(z_r / T) - p_t) summed over a row's
/// pairs, straight into one [rows, K] tensor.
/// </summary>
/// <remarks>
/// Why a hand-written operator: with 65536 prototypes each [rows, K] float32 tensor is ~345 MB, and written with
/// libtorch operators the two losses and their backward pass make about a dozen of them per step (scaled logits,
/// logsumexp's temporaries, the dot products' and narrows' gradients, their sum), each a pass through memory and a
/// fresh allocation whose pages the kernel must fault in and zero. Here a row stays in cache for all its passes and
/// the only [rows, K] allocation is the gradient. TorchSharp cannot fuse operators and libtorch has no fused soft-target
/// cross-entropy on CPU. <see cref="DinoLoss"/> and <see cref="IbotPatchLoss"/> keep the operator form (any device), and
/// tests hold this one to them in value and gradient.
/// </remarks>
internal static class SoftTargetCrossEntropy
{
    /// <summary>Whether the fused form runs on these tensors (contiguous float32 on the CPU).</summary>
    public static bool Supports(Tensor logits, Tensor targets) => FloatRows.Supports(logits) && FloatRows.Supports(targets);

    /// <summary>The loss terms [<see cref="SoftTargetPairs.TermCount"/>], differentiable in <paramref name="logits"/>.</summary>
    /// <param name="logits">[rows, K] student logits.</param>
    /// <param name="targets">[target rows, K] target distributions (no gradient).</param>
    /// <param name="pairs">Which rows are compared, with what weight, into which term.</param>
    /// <param name="temperature">Student softmax temperature.</param>
    public static Tensor Compute(Tensor logits, Tensor targets, SoftTargetPairs pairs, double temperature)
    {
        if (logits.shape[1] != targets.shape[1])
            throw new ArgumentException($"Logits have {logits.shape[1]} prototypes, targets {targets.shape[1]}.", nameof(targets));
        foreach (int row in pairs.TargetRows)
            if ((uint)row >= (ulong)targets.shape[0])
                throw new ArgumentOutOfRangeException(nameof(pairs), $"A pair names target row {row}; the targets have {targets.shape[0]} rows.");
        return SoftTargetCrossEntropyFunction.apply(logits, targets, pairs, temperature);
    }
}
