using System.Globalization;
using Sparsh.Scoring.Force;

namespace Sparsh.Scoring.ModelFiles;

/// <summary>
/// What every scoring class checks in one raw window before a model sees it (lengths, finite joint angles), and how it
/// counts the taxels the model's validity step masked: one rule for the force and the tracking models.
/// </summary>
internal static class RawWindowChecks
{
    /// <summary>Throws naming the field, the expected and the actual shape, or the frame and joint of a non-finite angle.</summary>
    public static void Check(ReadOnlySpan<float> magnetic, ReadOnlySpan<float> angles, string parameterName)
    {
        const int perFrame = ForceWindow.Taxels * ForceWindow.Axes;
        if (magnetic.Length != ForceWindow.Frames * perFrame)
        {
            string shape = magnetic.Length % perFrame == 0 ? $" = {magnetic.Length / perFrame} frames x {ForceWindow.Taxels} taxels x {ForceWindow.Axes} axes"
                : magnetic.Length % (ForceWindow.Frames * ForceWindow.Axes) == 0 ? $" = {ForceWindow.Frames} frames x {magnetic.Length / (ForceWindow.Frames * ForceWindow.Axes)} taxels x {ForceWindow.Axes} axes"
                : "";
            throw new ArgumentException(
                $"MagneticCounts (column 'Magnetic') has {magnetic.Length} values{shape}; expected {ForceWindow.Frames * perFrame} = " +
                $"{ForceWindow.Frames} frames x {ForceWindow.Taxels} taxels x {ForceWindow.Axes} axes.", parameterName);
        }

        if (angles.Length != ForceWindow.Frames * ForceWindow.Joints)
        {
            string shape = angles.Length % ForceWindow.Joints == 0 ? $" = {angles.Length / ForceWindow.Joints} frames x {ForceWindow.Joints} joints"
                : angles.Length % ForceWindow.Frames == 0 ? $" = {ForceWindow.Frames} frames x {angles.Length / ForceWindow.Frames} joints"
                : "";
            throw new ArgumentException(
                $"JointAnglesRadians (column 'JointAngles') has {angles.Length} values{shape}; expected {ForceWindow.Frames * ForceWindow.Joints} = " +
                $"{ForceWindow.Frames} frames x {ForceWindow.Joints} joints.", parameterName);
        }

        // The graph clamps angles to the joint limits, but NaN passes any clamp and makes every taxel position downstream undefined.
        for (int i = 0; i < angles.Length; i++)
            if (!float.IsFinite(angles[i]))
                throw new ArgumentException(
                    $"JointAnglesRadians[frame {i / ForceWindow.Joints}, joint {i % ForceWindow.Joints}] is {angles[i].ToString(CultureInfo.InvariantCulture)}; joint angles must be finite radians " +
                    "(a NaN or infinite angle makes the taxel positions undefined).", parameterName);
    }

    /// <summary>Taxels of one window's validity [frames x taxels] that are invalid in any frame (the encoder hides those).</summary>
    public static int MaskedTaxels(ReadOnlySpan<bool> validity)
    {
        int masked = 0;
        for (int t = 0; t < ForceWindow.Taxels; t++)
            for (int f = 0; f < ForceWindow.Frames; f++)
                if (!validity[f * ForceWindow.Taxels + t])
                {
                    masked++;
                    break;
                }
        return masked;
    }

    /// <summary>The message for a window whose every taxel the validity step masked.</summary>
    public static string AllTaxelsMasked(string answer) =>
        $"Every one of the {ForceWindow.Taxels} taxels of the window has a raw count that is out of range, NaN or infinite in at least one frame, " +
        $"so the model's validity step masks them all and the {answer} would be the decoder's bias, not a measurement. " +
        "Check the skin connection and that MagneticCounts holds raw counts (not tared or scaled values).";
}
