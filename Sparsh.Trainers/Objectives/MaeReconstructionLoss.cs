using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Objectives;

/// <summary>
/// Reconstruction loss of the masked-autoencoder baseline: mean squared error of the predicted normalised flux over
/// the masked (and valid) taxels only, as MAE does: the kept taxels are visible, predicting them teaches nothing.
/// </summary>
public static class MaeReconstructionLoss
{
    /// <summary>Computes the loss.</summary>
    /// <param name="prediction">[B, T, V] predicted values per taxel.</param>
    /// <param name="target">[B, T, V] normalised flux per taxel (frames x 3).</param>
    /// <param name="masked">[B, T] bool: taxels hidden from the encoder (and valid).</param>
    public static Tensor Compute(Tensor prediction, Tensor target, Tensor masked)
    {
        using var scope = NewDisposeScope();
        var perTaxel = (prediction - target).pow(2).mean([-1]);
        var weight = masked.to(perTaxel.dtype);
        return ((perTaxel * weight).sum() / weight.sum().clamp_min(1)).MoveToOuterDisposeScope();
    }
}
