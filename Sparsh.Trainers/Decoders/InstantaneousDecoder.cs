using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Decoders;

/// <summary>One window's tokens -> attentive pooler -> LayerNorm -> MLP (d -> d/4 -> outputs), e.g. force [3].</summary>
public sealed class InstantaneousDecoder : nn.Module<Tensor, Tensor?, Tensor>
{
    private readonly AttentivePooler pooler;
    private readonly LayerNorm norm;
    private readonly Linear hidden;
    private readonly Linear head;
    private readonly OutputActivation[] _activations;

    /// <summary>Creates the decoder for tokens of width <paramref name="dim"/>.</summary>
    public InstantaneousDecoder(int dim, int heads, int outputs, IReadOnlyList<OutputActivation>? activations = null) : base(nameof(InstantaneousDecoder))
    {
        if (activations != null && activations.Count != outputs)
            throw new ArgumentException($"{activations.Count} output activations given for {outputs} outputs.");
        _activations = activations?.ToArray() ?? Enumerable.Repeat(OutputActivation.None, outputs).ToArray();
        pooler = new AttentivePooler(dim, heads);
        norm = nn.LayerNorm(dim, eps: 1e-6);
        hidden = nn.Linear(dim, Math.Max(1, dim / 4));
        head = nn.Linear(Math.Max(1, dim / 4), outputs);
        RegisterComponents();
    }

    /// <summary>The pooler (exposed so its attention can be inspected and exported).</summary>
    public AttentivePooler Pooler => pooler;

    /// <summary>The activation of each output, in order (the ONNX export needs them).</summary>
    public IReadOnlyList<OutputActivation> Activations => _activations;

    /// <summary>Tokens [B, T, D] (+ validity [B, T]) to outputs [B, outputs].</summary>
    public override Tensor forward(Tensor tokens, Tensor? validTokens)
    {
        using var scope = NewDisposeScope();
        var pooled = norm.forward(pooler.forward(tokens, validTokens));
        var raw = head.forward(nn.functional.gelu(hidden.forward(pooled)));
        return DecoderHeads.Activate(raw, _activations).MoveToOuterDisposeScope();
    }
}
