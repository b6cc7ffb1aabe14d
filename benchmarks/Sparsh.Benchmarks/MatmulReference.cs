using System.Diagnostics;
using TorchSharp;

namespace Sparsh.Benchmarks;

/// <summary>
/// The reference for model FLOP utilisation: a float32 matrix product (1024 x 1024 times 1024 x 1024, libtorch) timed in
/// the benchmark's own process, so a machine shared with other work slows model and reference alike and their ratio
/// stays meaningful.
/// </summary>
public sealed class MatmulReference : IDisposable
{
    /// <summary>Matrix size of the reference product.</summary>
    public const int Size = 1024;

    /// <summary>FLOPs of one product (multiply-adds x 2).</summary>
    public const double FlopsPerProduct = 2.0 * Size * Size * Size;

    private readonly torch.Tensor _a = torch.randn(Size, Size);
    private readonly torch.Tensor _b = torch.randn(Size, Size);

    /// <summary>Runs <paramref name="products"/> products on libtorch's current thread count.</summary>
    public void Multiply(int products)
    {
        for (int i = 0; i < products; i++)
        {
            using var c = _a.matmul(_b);
        }
    }

    /// <summary>FLOP/s on the given libtorch threads: best of 5 runs of 10 products.</summary>
    public static double FlopsPerSecond(int threads)
    {
        torch.set_num_threads(threads);
        using var reference = new MatmulReference();
        double best = 0;
        for (int run = 0; run < 5; run++)
        {
            var clock = Stopwatch.StartNew();
            reference.Multiply(10);
            best = Math.Max(best, 10 * FlopsPerProduct / clock.Elapsed.TotalSeconds);
        }
        return best;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _a.Dispose();
        _b.Dispose();
    }
}
