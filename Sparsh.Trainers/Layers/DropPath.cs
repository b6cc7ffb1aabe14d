using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Layers;

/// <summary>
/// Stochastic depth: in training, drops a residual branch for a random subset of samples and rescales the
/// rest so the expectation is unchanged. The identity in evaluation (and when the rate is 0).
/// </summary>
public sealed class DropPath : nn.Module<Tensor, Tensor>
{
    private readonly double _rate;

    /// <summary>Creates the layer with the probability of dropping the branch for a sample.</summary>
    public DropPath(string name, double rate) : base(name)
    {
        if (rate is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(rate), $"Drop-path rate must be in [0, 1), got {rate}.");
        _rate = rate;
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor branch)
    {
        if (!training || _rate == 0) return branch;
        double keep = 1 - _rate;
        // One Bernoulli draw per sample, broadcast over tokens and channels.
        long[] shape = new long[branch.dim()];
        Array.Fill(shape, 1L);
        shape[0] = branch.shape[0];
        using var draw = torch.empty(shape, branch.dtype, branch.device).bernoulli_(keep);
        return branch * draw.div_(keep);
    }
}
