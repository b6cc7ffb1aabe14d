using Sparsh.Trainers.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Decoders;

/// <summary>
/// One learned query token cross-attends over all sensor tokens and yields a single full-hand token
/// [B, D]; invalid tokens can be excluded from attention with a key mask. Pre-norm, MLP ratio 4.
/// </summary>
public sealed class AttentivePooler : nn.Module<Tensor, Tensor?, Tensor>
{
    private readonly Parameter query;
    private readonly LayerNorm tokenNorm;
    private readonly Linear queryProjection;
    private readonly Linear keyValueProjection;
    private readonly Linear outputProjection;
    private readonly LayerNorm mlpNorm;
    private readonly Mlp mlp;
    private readonly int _heads;
    private readonly int _dim;
    private readonly int _mlpHidden;

    /// <summary>Creates a pooler for tokens of width <paramref name="dim"/> with <paramref name="heads"/> attention heads.</summary>
    public AttentivePooler(int dim, int heads, int mlpRatio = 4) : base(nameof(AttentivePooler))
    {
        if (dim % heads != 0) throw new ArgumentException($"Token width {dim} is not divisible by {heads} heads.");
        _heads = heads;
        _dim = dim;
        _mlpHidden = mlpRatio * dim;
        query = nn.Parameter(torch.randn(1, 1, dim) * 0.02);
        tokenNorm = nn.LayerNorm(dim, eps: 1e-6);
        queryProjection = nn.Linear(dim, dim);
        keyValueProjection = nn.Linear(dim, 2 * dim);
        outputProjection = nn.Linear(dim, dim);
        mlpNorm = nn.LayerNorm(dim, eps: 1e-6);
        mlp = new Mlp("mlp", dim, mlpRatio * dim);
        RegisterComponents();
    }

    /// <summary>Number of attention heads (the ONNX export needs it; the weights do not tell).</summary>
    public int Heads => _heads;

    /// <summary>
    /// Multiply-adds x 2 of one forward pass over <paramref name="tokens"/> tokens: the key/value projection of every
    /// token, the query and output projections and the MLP of the one query, and the query's two attention matmuls
    /// (scores and weighted values). Norms, softmax and activations are ignored, as in
    /// <see cref="Encoder.SparshSkinEncoderConfig.ForwardFlops"/>.
    /// </summary>
    public double ForwardFlops(int tokens)
    {
        double d = _dim, n = tokens;
        double keyValue = 2 * n * d * 2 * d;
        double queryAndOutput = 2 * (2 * d * d);
        double attention = 2 * (2 * n * d);
        double mlp = 2 * (2 * d * _mlpHidden);
        return keyValue + queryAndOutput + attention + mlp;
    }

    /// <summary>Pools tokens [B, T, D] into [B, D]; <paramref name="validTokens"/> [B, T] (true = attend) or null.</summary>
    public override Tensor forward(Tensor tokens, Tensor? validTokens)
    {
        using var scope = NewDisposeScope();
        long batch = tokens.shape[0], count = tokens.shape[1], dim = tokens.shape[2], headDim = dim / _heads;
        var x = tokenNorm.forward(tokens);
        var q = queryProjection.forward(query.expand(batch, 1, dim)).view(batch, 1, _heads, headDim).transpose(1, 2);
        var kv = keyValueProjection.forward(x).view(batch, count, 2, _heads, headDim).permute(2, 0, 3, 1, 4);
        var mask = validTokens?.view(batch, 1, 1, count);
        var attended = nn.functional.scaled_dot_product_attention(q, kv[0], kv[1], mask)
            .transpose(1, 2).reshape(batch, 1, dim);
        var pooled = query.expand(batch, 1, dim) + outputProjection.forward(attended);
        pooled = pooled + mlp.forward(mlpNorm.forward(pooled));
        return pooled.squeeze(1).MoveToOuterDisposeScope();
    }
}
