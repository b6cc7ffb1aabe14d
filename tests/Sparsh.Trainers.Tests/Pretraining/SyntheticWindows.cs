using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Transforms.Hand;

namespace Sparsh.Trainers.Tests.Pretraining;

/// <summary>
/// Structured synthetic windows for pretraining tests: one or two Gaussian pressure blobs (normal flux z plus shear
/// along the motion) moving over the hand's rest geometry during the window, plus sensor noise; positions at rest.
/// </summary>
internal static class SyntheticWindows
{
    public const int Frames = 10;
    public const int Taxels = 368;

    public sealed class Row
    {
        [VectorType(Frames, Taxels, 3)]
        public float[] Magnetic { get; set; } = [];

        [VectorType(Frames, Taxels, 3)]
        public float[] TaxelPositions { get; set; } = [];

        [VectorType(Frames, Taxels)]
        public bool[] Validity { get; set; } = [];
    }

    private static readonly float[] RestPositions = Rest();

    public static IDataView Create(MLContext mlContext, int count, int seed, int invalidTaxel = -1)
        => mlContext.Data.LoadFromEnumerable(Rows(count, seed, invalidTaxel).ToList());

    public static IEnumerable<Row> Rows(int count, int seed, int invalidTaxel = -1)
    {
        var random = new Random(seed);
        for (int w = 0; w < count; w++)
        {
            var magnetic = new float[Frames * Taxels * 3];
            var positions = new float[Frames * Taxels * 3];
            var validity = new bool[Frames * Taxels];
            Array.Fill(validity, true);
            int blobs = 1 + random.Next(2);
            var centres = new (int Taxel, float Vx, float Vy, float Vz, float Amplitude, float Sigma)[blobs];
            for (int k = 0; k < blobs; k++)
                centres[k] = (random.Next(Taxels), Gaussian(random) * 0.002f, Gaussian(random) * 0.002f, Gaussian(random) * 0.002f,
                    1.5f + 2f * (float)random.NextDouble(), 0.006f + 0.01f * (float)random.NextDouble());
            for (int f = 0; f < Frames; f++)
            {
                Array.Copy(RestPositions, 0, positions, f * Taxels * 3, Taxels * 3);
                for (int t = 0; t < Taxels; t++)
                {
                    float bx = 0, by = 0, bz = 0;
                    foreach (var c in centres)
                    {
                        float cx = RestPositions[3 * c.Taxel] + c.Vx * f, cy = RestPositions[3 * c.Taxel + 1] + c.Vy * f, cz = RestPositions[3 * c.Taxel + 2] + c.Vz * f;
                        float dx = RestPositions[3 * t] - cx, dy = RestPositions[3 * t + 1] - cy, dz = RestPositions[3 * t + 2] - cz;
                        float g = c.Amplitude * MathF.Exp(-(dx * dx + dy * dy + dz * dz) / (2 * c.Sigma * c.Sigma));
                        bz += g;
                        bx += g * c.Vx * 300;
                        by += g * c.Vy * 300;
                    }
                    int at = (f * Taxels + t) * 3;
                    magnetic[at] = bx + 0.05f * Gaussian(random);
                    magnetic[at + 1] = by + 0.05f * Gaussian(random);
                    magnetic[at + 2] = bz + 0.05f * Gaussian(random);
                    if (t == invalidTaxel)
                    {
                        magnetic[at] = magnetic[at + 1] = magnetic[at + 2] = 0;
                        validity[f * Taxels + t] = false;
                    }
                }
            }
            yield return new Row { Magnetic = magnetic, TaxelPositions = positions, Validity = validity };
        }
    }

    private static float Gaussian(Random random)
        => (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));

    private static float[] Rest()
    {
        var hand = HandModel.AllegroXela;
        var positions = new float[hand.TaxelCount * 3];
        hand.ComputeTaxelPoses(new float[hand.JointCount], positions, []);
        return positions;
    }
}
