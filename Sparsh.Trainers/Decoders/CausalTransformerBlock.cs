using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Decoders;

/// <summary>Pre-norm transformer block whose self-attention only looks back in time (step t sees steps 0..t).</summary>
public sealed class CausalTransformerBlock : nn.Module<Tensor, Tensor>
{
    private readonly LayerNorm attentionNorm;
    private readonly Linear qkv;
    private readonly Linear projection;
    private readonly LayerNorm mlpNorm;
    private readonly Linear mlpIn;
    private readonly Linear mlpOut;
    private readonly int _heads;

    /// <summary>Creates a block of width <paramref name="dim"/>.</summary>
    public CausalTransformerBlock(int dim, int heads, int mlpRatio = 4) : base(nameof(CausalTransformerBlock))
    {
        if (dim % heads != 0) throw new ArgumentException($"Width {dim} is not divisible by {heads} heads.");
        _heads = heads;
        attentionNorm = nn.LayerNorm(dim, eps: 1e-6);
        qkv = nn.Linear(dim, 3 * dim);
        projection = nn.Linear(dim, dim);
        mlpNorm = nn.LayerNorm(dim, eps: 1e-6);
        mlpIn = nn.Linear(dim, mlpRatio * dim);
        mlpOut = nn.Linear(mlpRatio * dim, dim);
        RegisterComponents();
    }

    /// <summary>Sequence [B, S, D] to [B, S, D].</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        long batch = x.shape[0], steps = x.shape[1], dim = x.shape[2];
        var parts = qkv.forward(attentionNorm.forward(x)).view(batch, steps, 3, _heads, dim / _heads).permute(2, 0, 3, 1, 4);
        var attended = nn.functional.scaled_dot_product_attention(parts[0], parts[1], parts[2], null, 0.0, true) // TorchSharp spells the flag "is_casual"
            .transpose(1, 2).reshape(batch, steps, dim);
        var y = x + projection.forward(attended);
        y = y + mlpOut.forward(nn.functional.gelu(mlpIn.forward(mlpNorm.forward(y))));
        return y.MoveToOuterDisposeScope();
    }
}
