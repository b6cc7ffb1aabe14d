using Sparsh.Trainers.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Layers;

/// <summary>The transformer block's feed-forward part: Linear -> GELU -> Linear.</summary>
public sealed class Mlp : nn.Module<Tensor, Tensor>
{
    private readonly Linear fc1;
    private readonly Linear fc2;

    /// <summary>Creates the MLP with a hidden width of <paramref name="hidden"/>.</summary>
    public Mlp(string name, int dim, int hidden) : base(name)
    {
        fc1 = nn.Linear(dim, hidden);
        fc2 = nn.Linear(hidden, dim);
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor x)
    {
        using var hidden = MixedPrecision.Linear(fc1, x, keepBFloat16: true);
        using var activated = nn.functional.gelu(hidden);
        return MixedPrecision.Linear(fc2, activated);
    }
}
