using static TorchSharp.torch;

namespace Sparsh.Trainers.Decoders;

/// <summary>Fixed sine/cosine embedding of step indices (as in the original transformer), so the decoder knows when each window happened.</summary>
public static class SinusoidalTimeEmbedding
{
    /// <summary>Embedding [steps, dim] for steps 0..steps-1; even channels sine, odd cosine, wavelengths up to 10000 steps.</summary>
    public static Tensor Create(int steps, int dim, Device? device = null)
    {
        var table = new float[steps * dim];
        for (int s = 0; s < steps; s++)
            for (int i = 0; i < dim; i += 2)
            {
                double angle = s / Math.Pow(10000, (double)i / dim);
                table[s * dim + i] = (float)Math.Sin(angle);
                if (i + 1 < dim) table[s * dim + i + 1] = (float)Math.Cos(angle);
            }
        return tensor(table, [steps, dim], device: device);
    }
}
