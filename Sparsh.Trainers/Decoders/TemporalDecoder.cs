using Sparsh.Trainers.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Decoders;

/// <summary>
/// A sequence of windows (e.g. 100 x 0.1 s = 10 s) -> each window pooled to one token -> + sinusoidal time
/// embedding -> causal transformer block -> per-step head: one estimate per window (joystick, object pose).
/// </summary>
public sealed class TemporalDecoder : nn.Module<Tensor, Tensor?, Tensor>
{
    private readonly AttentivePooler pooler;
    private readonly TransformerBlock block;
    private readonly LayerNorm norm;
    private readonly Linear hidden;
    private readonly Linear head;
    // Per-output factor applied after the activation (see OutputScaling).
    private readonly Tensor output_scale;
    private readonly OutputActivation[] _activations;
    private readonly int _dim;

    /// <summary>Creates the decoder for window tokens of width <paramref name="dim"/>.</summary>
    public TemporalDecoder(int dim, int heads, int outputs, IReadOnlyList<OutputActivation>? activations = null) : base(nameof(TemporalDecoder))
    {
        if (activations != null && activations.Count != outputs)
            throw new ArgumentException($"{activations.Count} output activations given for {outputs} outputs.");
        _activations = activations?.ToArray() ?? Enumerable.Repeat(OutputActivation.None, outputs).ToArray();
        _dim = dim;
        pooler = new AttentivePooler(dim, heads);
        block = new TransformerBlock("block", dim, heads, mlpRatio: 4, dropPath: 0, layerNormEpsilon: 1e-6, causal: true);
        norm = nn.LayerNorm(dim, eps: 1e-6);
        hidden = nn.Linear(dim, Math.Max(1, dim / 4));
        head = nn.Linear(Math.Max(1, dim / 4), outputs);
        output_scale = torch.ones(outputs);
        RegisterComponents();
    }

    /// <summary>Width of the window tokens it reads.</summary>
    public int Width => _dim;

    /// <summary>Sets the per-output factor applied after the activations.</summary>
    public void SetOutputScale(IReadOnlyList<float> scale)
    {
        if (scale.Count != _activations.Length) throw new ArgumentException($"{scale.Count} scales given for {_activations.Length} outputs.", nameof(scale));
        using var noGrad = torch.no_grad();
        output_scale.copy_(torch.tensor(scale.ToArray()).to(output_scale.device));
    }

    /// <summary>Tokens [B, S, T, D] (+ validity [B, S, T]) to per-step outputs [B, S, outputs].</summary>
    public override Tensor forward(Tensor tokens, Tensor? validTokens)
    {
        using var scope = NewDisposeScope();
        long batch = tokens.shape[0], steps = tokens.shape[1], count = tokens.shape[2];
        var pooled = pooler.forward(tokens.reshape(batch * steps, count, _dim), validTokens?.reshape(batch * steps, count))
            .view(batch, steps, _dim);
        var sequence = block.forward(pooled + SinusoidalTimeEmbedding.Create((int)steps, _dim, tokens.device).unsqueeze(0), null);
        var raw = head.forward(nn.functional.gelu(hidden.forward(norm.forward(sequence))));
        return (DecoderHeads.Activate(raw, _activations) * output_scale).MoveToOuterDisposeScope();
    }

    /// <summary>The per-window pooler; its head count is the causal block's too (the ONNX export needs it).</summary>
    public AttentivePooler Pooler => pooler;

    /// <summary>The activation of each output, in order (the ONNX export needs them).</summary>
    public IReadOnlyList<OutputActivation> Activations => _activations;

    /// <summary>The architecture (the ONNX export stores it, so the import can rebuild the module).</summary>
    public TemporalDecoderConfig Config => new() { TokenWidth = _dim, Heads = pooler.Heads, Activations = [.. _activations] };
}
