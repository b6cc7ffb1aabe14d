using Microsoft.ML;
using Microsoft.ML.Data;

namespace Sparsh.MLNet.Tests.Sweeps;

/// <summary>Synthetic frozen-encoder output: windows grouped in recordings and skins, tokens [4, 8], pooled embedding [8], label [2].</summary>
internal static class SweepTestData
{
    public const int TokenCount = 4;
    public const int TokenWidth = 8;

    public sealed class Row
    {
        public string RecordingId { get; set; } = "";
        public string SkinId { get; set; } = "";
        [VectorType(TokenCount, TokenWidth)] public float[] Tokens { get; set; } = [];
        [VectorType(TokenWidth)] public float[] Embedding { get; set; } = [];
        [VectorType(2)] public float[] Label { get; set; } = [];
    }

    public static IDataView Load(MLContext mlContext, int recordings = 20, int windowsPerRecording = 12, int seed = 3)
    {
        var random = new Random(seed);
        var rows = new List<Row>();
        for (int r = 0; r < recordings; r++)
            for (int w = 0; w < windowsPerRecording; w++)
            {
                var tokens = Enumerable.Range(0, TokenCount * TokenWidth).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
                var embedding = Enumerable.Range(0, TokenWidth).Select(d => Enumerable.Range(0, TokenCount).Average(t => tokens[t * TokenWidth + d])).ToArray();
                rows.Add(new Row
                {
                    RecordingId = $"rec{r:D2}",
                    SkinId = $"skin{r % 5}",
                    Tokens = tokens,
                    Embedding = embedding,
                    Label = [2 * embedding[0] - embedding[1], embedding[2] + 0.5f * embedding[3]],
                });
            }
        return mlContext.Data.LoadFromEnumerable(rows);
    }

    public static string[] Groups(IDataView data, string column = "RecordingId")
        => data.GetColumn<string>(column).Distinct().Order(StringComparer.Ordinal).ToArray();
}
