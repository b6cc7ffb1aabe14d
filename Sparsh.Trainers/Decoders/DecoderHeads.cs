using static TorchSharp.torch;

namespace Sparsh.Trainers.Decoders;

/// <summary>Per-output activations shared by the instantaneous and temporal decoders.</summary>
public static class DecoderHeads
{
    /// <summary>Applies each output's activation along the last dimension.</summary>
    public static Tensor Activate(Tensor raw, IReadOnlyList<OutputActivation> activations)
    {
        if (activations.All(a => a == OutputActivation.None)) return raw;
        var columns = new Tensor[activations.Count];
        for (int o = 0; o < activations.Count; o++)
        {
            var column = raw.narrow(-1, o, 1);
            columns[o] = activations[o] switch
            {
                OutputActivation.Relu => nn.functional.relu(column),
                OutputActivation.Tanh => column.tanh(),
                OutputActivation.Sigmoid => column.sigmoid(),
                OutputActivation.Softplus => nn.functional.softplus(column),
                _ => column,
            };
        }
        return cat(columns, -1);
    }
}
