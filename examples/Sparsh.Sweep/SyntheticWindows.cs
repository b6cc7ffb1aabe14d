using Microsoft.ML;
using Microsoft.ML.Data;

namespace Sparsh.Sweep;

/// <summary>
/// Stand-in for a frozen Sparsh-skin encoder's output until the encoder is in the catalog: windows grouped by recording and
/// skin, with Tokens [tokens, width], their mean as the pooled Embedding [width], and a force-like Label [3].
/// </summary>
internal static class SyntheticWindows
{
    public const int TokenCount = 8;
    public const int Width = 16;

    public sealed class Window
    {
        public string RecordingId { get; set; } = "";
        public string SkinId { get; set; } = "";
        [VectorType(TokenCount, Width)] public float[] Tokens { get; set; } = [];
        [VectorType(Width)] public float[] Embedding { get; set; } = [];
        [VectorType(3)] public float[] Label { get; set; } = [];
    }

    public static IDataView Load(MLContext mlContext, int recordings, int windowsPerRecording, int seed)
    {
        var random = new Random(seed);
        var windows = new List<Window>(recordings * windowsPerRecording);
        for (int r = 0; r < recordings; r++)
        {
            // Each recording has its own sensor offset, so windows of one recording resemble each other: the reason splits
            // must keep recordings whole.
            var offset = Enumerable.Range(0, Width).Select(_ => (float)(0.3 * Gaussian(random))).ToArray();
            for (int w = 0; w < windowsPerRecording; w++)
            {
                var tokens = new float[TokenCount * Width];
                for (int t = 0; t < TokenCount; t++)
                    for (int d = 0; d < Width; d++)
                        tokens[t * Width + d] = (float)Gaussian(random) + offset[d];
                var e = Enumerable.Range(0, Width).Select(d => Enumerable.Range(0, TokenCount).Average(t => tokens[t * Width + d])).ToArray();
                float fz = MathF.Max(0, 2 * e[0] + e[1] * e[2]);
                windows.Add(new Window
                {
                    RecordingId = $"recording{r:D3}",
                    SkinId = $"skin{r % 4}",
                    Tokens = tokens,
                    Embedding = e,
                    Label = [e[3] - 0.5f * e[4], MathF.Tanh(3 * e[5]), fz],
                });
            }
        }
        return mlContext.Data.LoadFromEnumerable(windows);
    }

    private static double Gaussian(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
