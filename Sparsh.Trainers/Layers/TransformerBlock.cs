using TorchSharp;
using TorchSharp.Modules;
using Sparsh.Trainers.Torch;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Layers;

/// <summary>Pre-norm transformer block: x + DropPath(Attn(LN(x))), then x + DropPath(MLP(LN(x))).</summary>
public sealed class TransformerBlock : nn.Module<Tensor, Tensor?, Tensor>
{
    private readonly LayerNorm norm1;
    private readonly MultiHeadSelfAttention attn;
    private readonly LayerNorm norm2;
    private readonly Mlp mlp;
    private readonly DropPath drop_path;

    /// <summary>Creates the block; a causal block attends only to earlier positions (see <see cref="MultiHeadSelfAttention"/>).</summary>
    public TransformerBlock(string name, int dim, int heads, double mlpRatio, double dropPath, double layerNormEpsilon, bool causal = false) : base(name)
    {
        norm1 = nn.LayerNorm(dim, layerNormEpsilon);
        attn = new MultiHeadSelfAttention("attn", dim, heads, causal);
        norm2 = nn.LayerNorm(dim, layerNormEpsilon);
        mlp = new Mlp("mlp", dim, (int)Math.Round(dim * mlpRatio));
        drop_path = new DropPath("drop_path", dropPath);
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor x, Tensor? keyMask)
    {
        using var scope = NewDisposeScope();
        // add(.., One) rather than "+": the operator makes an implicit alpha Scalar that only the finalizer frees.
        var y = x.add(drop_path.forward(attn.forward(norm1.forward(x), keyMask)), KeptScalars.One);
        y = y.add(drop_path.forward(mlp.forward(norm2.forward(y))), KeptScalars.One);
        return y.MoveToOuterDisposeScope();
    }
}
