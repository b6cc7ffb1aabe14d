using Sparsh.Trainers.Layers;
using Sparsh.Trainers.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Objectives;

/// <summary>
/// Projection head of self-distillation: a 3-layer MLP (GELU) to a bottleneck, L2 normalisation, then a
/// weight-normalised linear layer onto the prototypes. The last layer's gain is fixed to 1, so its weight is used
/// with every prototype row at unit norm (logits are cosine similarities).
/// </summary>
public sealed class DinoHead : nn.Module<Tensor, Tensor>
{
    private readonly Linear fc1;
    private readonly Linear fc2;
    private readonly Linear fc3;
    private readonly Parameter prototypes;

    /// <summary>Creates the head.</summary>
    public DinoHead(string name, int inputDim, int hiddenDim, int bottleneckDim, int prototypeCount) : base(name)
    {
        fc1 = nn.Linear(inputDim, hiddenDim);
        fc2 = nn.Linear(hiddenDim, hiddenDim);
        fc3 = nn.Linear(hiddenDim, bottleneckDim);
        prototypes = new Parameter(torch.empty(prototypeCount, bottleneckDim));
        RegisterComponents();
        using var noGrad = torch.no_grad();
        foreach (var linear in new[] { fc1, fc2, fc3 })
        {
            WeightInit.TruncatedNormal(linear.weight!, 0.02);
            nn.init.zeros_(linear.bias!);
        }
        WeightInit.TruncatedNormal(prototypes, 0.02);
    }

    /// <summary>Prototype logits [N, K] of features [N, D].</summary>
    public override Tensor forward(Tensor features)
    {
        using var scope = NewDisposeScope();
        var x = nn.functional.gelu(MixedPrecision.Linear(fc1, features, keepBFloat16: true));
        x = nn.functional.gelu(MixedPrecision.Linear(fc2, x, keepBFloat16: true));
        // Normalisations in float32; only the prototype product follows the step's precision.
        x = nn.functional.normalize(MixedPrecision.Linear(fc3, x), p: 2, dim: -1);
        var weight = nn.functional.normalize(prototypes, p: 2, dim: 1);
        return MixedPrecision.Matmul(x, weight.t()).MoveToOuterDisposeScope();
    }
}
