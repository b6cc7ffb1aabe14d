using Sparsh.Transforms.Hand;

namespace Sparsh.Transforms.Tests.Hand;

/// <summary>Joint-angle vectors that exercise the whole range of every joint.</summary>
internal static class JointConfigurations
{
    public static float[] Zeros(HandModel hand) => new float[hand.JointCount];

    public static float[] MidRange(HandModel hand) =>
        [.. hand.Joints.Select(j => (float)((j.LowerLimitRadians + j.UpperLimitRadians) / 2))];

    public static float[] Random(HandModel hand, int seed)
    {
        var random = new Random(seed);
        return [.. hand.Joints.Select(j => (float)(j.LowerLimitRadians + random.NextDouble() * (j.UpperLimitRadians - j.LowerLimitRadians)))];
    }

    /// <summary>Alternately just inside the lower and the upper limit.</summary>
    public static float[] NearLimits(HandModel hand) =>
        [.. hand.Joints.Select(j => (float)(j.Index % 2 == 0 ? j.LowerLimitRadians + 1e-3 : j.UpperLimitRadians - 1e-3))];

    public static IEnumerable<(string Name, float[] Angles)> All(HandModel hand)
    {
        yield return ("zeros", Zeros(hand));
        yield return ("mid-range", MidRange(hand));
        yield return ("random seed 7", Random(hand, 7));
        yield return ("random seed 8", Random(hand, 8));
        yield return ("near limits", NearLimits(hand));
    }
}
