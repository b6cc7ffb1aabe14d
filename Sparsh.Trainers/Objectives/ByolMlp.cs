using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Objectives;

/// <summary>
/// BYOL's projector and predictor: Linear -> BatchNorm -> ReLU -> Linear, as in the BYOL paper (4096 hidden, 256 out).
/// The batch norm normalises over the samples of one view, so callers pass one view at a time.
/// </summary>
public sealed class ByolMlp : nn.Module<Tensor, Tensor>
{
    private readonly Linear fc1;
    private readonly BatchNorm1d norm;
    private readonly Linear fc2;

    /// <summary>Creates the MLP (PyTorch's default Linear initialisation, from torch's current random state).</summary>
    public ByolMlp(string name, int inputDim, int hiddenDim, int outputDim) : base(name)
    {
        fc1 = nn.Linear(inputDim, hiddenDim);
        norm = nn.BatchNorm1d(hiddenDim);
        fc2 = nn.Linear(hiddenDim, outputDim);
        RegisterComponents();
    }

    /// <summary>Maps features [N, inputDim] (N at least 2 in training mode) to [N, outputDim].</summary>
    public override Tensor forward(Tensor features)
    {
        using var hidden = fc1.forward(features);
        using var normalised = norm.forward(hidden);
        using var activated = nn.functional.relu(normalised);
        return fc2.forward(activated);
    }
}
