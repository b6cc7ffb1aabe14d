using Sparsh.Trainers.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Layers;

/// <summary>
/// Multi-head self-attention from one fused qkv Linear (with bias), scaled dot-product attention and an
/// output Linear: the same primitives an ONNX graph uses, so an exporter can mirror it 1:1. In a bfloat16
/// <see cref="MixedPrecision"/> scope the products and the attention run in bfloat16 and the output is float32.
/// </summary>
public sealed class MultiHeadSelfAttention : nn.Module<Tensor, Tensor?, Tensor>
{
    private readonly Linear qkv;
    private readonly Linear proj;
    private readonly int _heads;
    private readonly bool _causal;

    /// <summary>
    /// Creates the layer; <paramref name="dim"/> must be a multiple of <paramref name="heads"/>. A causal layer lets token
    /// t attend only to tokens 0..t (sequences of windows in the temporal decoder).
    /// </summary>
    public MultiHeadSelfAttention(string name, int dim, int heads, bool causal = false) : base(name)
    {
        _causal = causal;
        if (dim % heads != 0) throw new ArgumentException($"Embedding dim {dim} is not a multiple of the head count {heads}.", nameof(heads));
        _heads = heads;
        qkv = nn.Linear(dim, 3 * dim, hasBias: true);
        proj = nn.Linear(dim, dim);
        RegisterComponents();
    }

    /// <summary>Attends over tokens [B, N, D]; <paramref name="keyMask"/> [B, 1, 1, N] bool (true = may be attended) or null.</summary>
    public override Tensor forward(Tensor x, Tensor? keyMask)
    {
        if (_causal && keyMask is not null) throw new ArgumentException("A causal attention layer takes no key mask.", nameof(keyMask));
        using var scope = NewDisposeScope();
        long b = x.shape[0], n = x.shape[1], d = x.shape[2];
        var parts = MixedPrecision.Linear(qkv, x, keepBFloat16: true).view(b, n, 3, _heads, d / _heads).permute(2, 0, 3, 1, 4);
        // TorchSharp spells the causal flag "is_casual", hence positional arguments.
        var attended = nn.functional.scaled_dot_product_attention(parts[0], parts[1], parts[2], keyMask, 0.0, _causal);
        var merged = attended.transpose(1, 2).reshape(b, n, d);
        return MixedPrecision.Linear(proj, merged).MoveToOuterDisposeScope();
    }
}
