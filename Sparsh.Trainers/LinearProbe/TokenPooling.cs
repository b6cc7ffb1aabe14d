namespace Sparsh.Trainers.LinearProbe;

/// <summary>
/// The pooled features a probe can read (the register token and the mean taxel token of encoder tokens, or the mean over a
/// window's frames), and a map on them written back over the whole column.
/// </summary>
internal static class TokenPooling
{
    /// <summary>Per row of <paramref name="tokens"/> [rows, count, width] (register first): [register, mean of the other tokens], [rows, 2 width].</summary>
    public static float[] RegisterAndMeanTaxelToken(float[] tokens, int rows, int count, int width)
    {
        var pooled = new float[rows * 2 * width];
        for (int r = 0; r < rows; r++)
        {
            int source = r * count * width, target = r * 2 * width;
            Array.Copy(tokens, source, pooled, target, width);
            for (int c = 0; c < width; c++)
            {
                double sum = 0;
                for (int t = 1; t < count; t++) sum += tokens[source + t * width + c];
                pooled[target + width + c] = (float)(sum / (count - 1));
            }
        }
        return pooled;
    }

    /// <summary>
    /// Writes W (pooled - mean) [outputs, 2 width] as the identical map over all tokens: the register's weights on token 0,
    /// the mean token's weights / (count - 1) on every other token; the centre repeats the mean token's centre per taxel.
    /// </summary>
    public static (float[] Weights, float[] Centre) Expand(float[] weights, float[] mean, int count, int width)
    {
        int outputs = weights.Length / (2 * width), full = count * width;
        var expanded = new float[outputs * full];
        var centre = new float[full];
        for (int t = 0; t < count; t++)
        {
            int half = t == 0 ? 0 : width;
            float scale = t == 0 ? 1f : 1f / (count - 1);
            for (int c = 0; c < width; c++)
            {
                centre[t * width + c] = mean[half + c];
                for (int o = 0; o < outputs; o++)
                    expanded[o * full + t * width + c] = weights[o * 2 * width + half + c] * scale;
            }
        }
        return (expanded, centre);
    }

    /// <summary>Per row of <paramref name="values"/> [rows, frames, width]: the mean over the frames, [rows, width].</summary>
    public static float[] FrameMean(float[] values, int rows, int frames, int width)
    {
        var pooled = new float[rows * width];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < width; c++)
            {
                double sum = 0;
                for (int f = 0; f < frames; f++) sum += values[(r * frames + f) * width + c];
                pooled[r * width + c] = (float)(sum / frames);
            }
        return pooled;
    }

    /// <summary>Writes W (frame mean - mean) [outputs, width] as the identical map over all frames: W / frames on each frame, the centre repeated.</summary>
    public static (float[] Weights, float[] Centre) ExpandFrames(float[] weights, float[] mean, int frames, int width)
    {
        int outputs = weights.Length / width, full = frames * width;
        var expanded = new float[outputs * full];
        var centre = new float[full];
        for (int f = 0; f < frames; f++)
        {
            Array.Copy(mean, 0, centre, f * width, width);
            for (int o = 0; o < outputs; o++)
                for (int c = 0; c < width; c++)
                    expanded[o * full + f * width + c] = weights[o * width + c] / frames;
        }
        return (expanded, centre);
    }
}
