using System.Diagnostics;
using TorchSharp;

namespace Sparsh.Benchmarks;

/// <summary>
/// The reference for model FLOP utilisation: FLOP/s of a float32 matrix product measured in the benchmark's own process,
/// so a machine shared with other work slows model and reference alike and their ratio stays meaningful.
/// </summary>
public static class MatmulReference
{
    /// <summary>Matrix size of the reference product (n x n times n x n).</summary>
    public const int Size = 1024;

    /// <summary>FLOP/s of a 1024 x 1024 x 1024 float matrix product on the given libtorch threads (best of 5 runs of 10).</summary>
    public static double FlopsPerSecond(int threads)
    {
        torch.set_num_threads(threads);
        using var a = torch.randn(Size, Size);
        using var b = torch.randn(Size, Size);
        double best = 0;
        for (int run = 0; run < 5; run++)
        {
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < 10; i++)
            {
                using var c = a.matmul(b);
            }
            best = Math.Max(best, 10 * 2.0 * Size * Size * Size / clock.Elapsed.TotalSeconds);
        }
        return best;
    }
}
