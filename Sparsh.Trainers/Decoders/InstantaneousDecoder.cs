using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Decoders;

/// <summary>One window's tokens -> attentive pooler -> LayerNorm -> MLP (d -> d/4 -> outputs by default), e.g. force [3].</summary>
public sealed class InstantaneousDecoder : nn.Module<Tensor, Tensor?, Tensor>
{
    private readonly AttentivePooler pooler;
    private readonly LayerNorm norm;
    private readonly Linear hidden;
    // Extra hidden -> hidden layers when MlpDepth > 1. Empty by default, so the default decoder keeps
    // exactly the parameters (and state-dict keys) it always had.
    private readonly ModuleList<Linear> deeper;
    private readonly Linear head;
    // Per-output factor applied after the activation: labels in small units (metres) are learned at unit scale.
    private readonly Tensor output_scale;
    private readonly OutputActivation[] _activations;
    private readonly int _dim;
    private readonly int _heads;
    private readonly int _hiddenWidth;

    /// <summary>Creates the decoder for tokens of width <paramref name="dim"/>.</summary>
    /// <param name="dim">Token width.</param>
    /// <param name="heads">Attention heads of the pooler.</param>
    /// <param name="outputs">Label components.</param>
    /// <param name="activations">Optional activation per output.</param>
    /// <param name="hiddenWidth">Width of the MLP's hidden layers; null uses dim/4.</param>
    /// <param name="mlpDepth">Hidden layers of the MLP (at least 1).</param>
    public InstantaneousDecoder(int dim, int heads, int outputs, IReadOnlyList<OutputActivation>? activations = null,
        int? hiddenWidth = null, int mlpDepth = 1) : base(nameof(InstantaneousDecoder))
    {
        if (activations != null && activations.Count != outputs)
            throw new ArgumentException($"{activations.Count} output activations given for {outputs} outputs.");
        if (hiddenWidth is < 1) throw new ArgumentOutOfRangeException(nameof(hiddenWidth), $"The MLP's hidden width must be at least 1, got {hiddenWidth}.");
        if (mlpDepth < 1) throw new ArgumentOutOfRangeException(nameof(mlpDepth), $"The MLP needs at least one hidden layer, got depth {mlpDepth}.");
        _activations = activations?.ToArray() ?? Enumerable.Repeat(OutputActivation.None, outputs).ToArray();
        int width = hiddenWidth ?? Math.Max(1, dim / 4);
        (_dim, _heads, _hiddenWidth) = (dim, heads, width);
        pooler = new AttentivePooler(dim, heads);
        norm = nn.LayerNorm(dim, eps: 1e-6);
        hidden = nn.Linear(dim, width);
        deeper = nn.ModuleList(Enumerable.Range(0, mlpDepth - 1).Select(_ => nn.Linear(width, width)).ToArray());
        head = nn.Linear(width, outputs);
        output_scale = torch.ones(outputs);
        RegisterComponents();
    }

    /// <summary>The architecture (the ONNX export stores it, so the import can rebuild the module).</summary>
    public InstantaneousDecoderConfig Config => new()
    {
        TokenWidth = _dim, Heads = _heads, HiddenWidth = _hiddenWidth, MlpDepth = MlpDepth, Activations = [.. _activations],
    };

    /// <summary>Hidden layers of the MLP (the ONNX export needs them).</summary>
    public int MlpDepth => deeper.Count + 1;

    /// <summary>Per-output factor applied after the activations (1 by default).</summary>
    public float[] OutputScale => output_scale.cpu().data<float>().ToArray();

    /// <summary>Sets the per-output factor, e.g. the training labels' standard deviation for outputs without activation.</summary>
    public void SetOutputScale(IReadOnlyList<float> scale)
    {
        if (scale.Count != _activations.Length) throw new ArgumentException($"{scale.Count} scales given for {_activations.Length} outputs.", nameof(scale));
        using var noGrad = torch.no_grad();
        output_scale.copy_(torch.tensor(scale.ToArray()).to(output_scale.device));
    }

    /// <summary>The pooler (exposed so its attention can be inspected and exported).</summary>
    public AttentivePooler Pooler => pooler;

    /// <summary>The activation of each output, in order (the ONNX export needs them).</summary>
    public IReadOnlyList<OutputActivation> Activations => _activations;

    /// <summary>
    /// Multiply-adds x 2 of one window's forward pass over <paramref name="tokens"/> tokens: the pooler
    /// (<see cref="AttentivePooler.ForwardFlops"/>) and the MLP's linear layers on the pooled token.
    /// </summary>
    public double ForwardFlops(int tokens)
    {
        double flops = pooler.ForwardFlops(tokens);
        foreach (var layer in new[] { hidden }.Concat(deeper).Append(head))
            flops += 2.0 * layer.in_features * layer.out_features;
        return flops;
    }

    /// <summary>Tokens [B, T, D] (+ validity [B, T]) to outputs [B, outputs].</summary>
    public override Tensor forward(Tensor tokens, Tensor? validTokens)
    {
        using var scope = NewDisposeScope();
        var pooled = norm.forward(pooler.forward(tokens, validTokens));
        var x = nn.functional.gelu(hidden.forward(pooled));
        foreach (var layer in deeper) x = nn.functional.gelu(layer.forward(x));
        var raw = head.forward(x);
        return (DecoderHeads.Activate(raw, _activations) * output_scale).MoveToOuterDisposeScope();
    }
}
