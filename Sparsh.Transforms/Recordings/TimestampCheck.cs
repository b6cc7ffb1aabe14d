using System.Globalization;

namespace Sparsh.Transforms.Recordings;

/// <summary>Finds the first timestamp that breaks "finite and strictly increasing".</summary>
/// <remarks>
/// Shared by <see cref="TimeSeries"/> (which reports rows) and the CSV reader (which reports lines),
/// so both describe the same rule in their own coordinates.
/// </remarks>
internal static class TimestampCheck
{
    /// <summary>Returns the first offending index and a description of the fault, or -1 when all are fine.</summary>
    /// <param name="timestamps">Timestamps in seconds.</param>
    /// <param name="describeIndex">Turns an index into the caller's wording, e.g. "row 16" or "line 18".</param>
    /// <param name="problem">What is wrong, naming the previous entry where relevant.</param>
    public static int FindProblem(ReadOnlySpan<double> timestamps, Func<int, string> describeIndex, out string problem)
    {
        for (int i = 0; i < timestamps.Length; i++)
        {
            double t = timestamps[i];
            if (!double.IsFinite(t))
            {
                problem = $"timestamp {Format(t)} is not a finite number of seconds";
                return i;
            }
            if (i > 0 && !(t > timestamps[i - 1]))
            {
                problem = $"timestamp {Format(t)} s is not after {describeIndex(i - 1)} ({Format(timestamps[i - 1])} s)";
                return i;
            }
        }
        problem = "";
        return -1;
    }

    /// <summary>Shortest round-trip text of a number, culture independent.</summary>
    public static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
