using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Pretraining;

/// <summary>The kept taxels of a group of masked views as one index tensor, for a batched encoder pass.</summary>
internal static class ViewIndices
{
    /// <summary>[views x samples, k] taxel indices from [view][sample][k] (every view of the group keeps k taxels).</summary>
    public static Tensor Of(int[][][] views, Device device)
    {
        int k = views[0][0].Length, rows = views.Length * views[0].Length;
        var flat = new long[rows * k];
        int at = 0;
        foreach (var view in views)
            foreach (var sample in view)
                foreach (int taxel in sample) flat[at++] = taxel;
        using var indices = torch.tensor(flat, [rows, k]);
        return indices.to(device);
    }
}
