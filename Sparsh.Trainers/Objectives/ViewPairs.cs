using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Objectives;

/// <summary>
/// Pairs of views for the multi-view losses: targets come from the first Vt views, predictions from all Vs views
/// (the same first Vt views, in the same order, then the rest), and a view is never compared with itself.
/// </summary>
public static class ViewPairs
{
    /// <summary>Mean of <paramref name="pairValues"/> [Vt, Vs] over the pairs (t, s) with t != s.</summary>
    public static Tensor MeanOverDifferentViews(Tensor pairValues)
    {
        using var scope = NewDisposeScope();
        long vt = pairValues.shape[0], vs = pairValues.shape[1];
        long count = Count(vt, vs);
        var different = 1 - torch.eye(vt, vs, dtype: pairValues.dtype, device: pairValues.device);
        return ((pairValues * different).sum() / count).MoveToOuterDisposeScope();
    }

    /// <summary>Number of pairs (t, s) with t != s among <paramref name="targetViews"/> x <paramref name="predictionViews"/>; throws when there is none.</summary>
    public static long Count(long targetViews, long predictionViews)
    {
        long count = targetViews * predictionViews - Math.Min(targetViews, predictionViews);
        if (count == 0) throw new ArgumentException($"No pair of different views: {targetViews} target view(s) and {predictionViews} prediction view(s).");
        return count;
    }
}
