using System.Diagnostics;
using Sparsh.Trainers.Encoder;
using Sparsh.Trainers.Pretraining;
using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Benchmarks;

/// <summary>
/// Whether the small preset's student pass would scale to two threads as data parallelism (each thread a half batch on
/// its own encoder replica with one libtorch thread) where libtorch's own threads do not: the student's forward over the
/// global views (with mask tokens) and local views and its backward, timed three ways on the same batch. The teacher,
/// heads, losses and optimizer are left out; this bounds what splitting the batch could buy, it is not a training step.
/// </summary>
internal static class DataParallelProbe
{
    public static void Run(int iterations)
    {
        var options = SparshPretrainingOptions.Cpu();
        int b = options.BatchSize, taxels = options.Encoder.TaxelCount;
        torch.manual_seed(1);
        var encoders = new[] { new SparshSkinEncoder(options.Encoder), new SparshSkinEncoder(options.Encoder) };
        var batch = torch.randn(b, options.Encoder.FrameCount, taxels, 6);
        var validity = torch.ones(b, taxels, dtype: ScalarType.Bool);
        Console.WriteLine($"DATA-PARALLEL small preset student pass (batch {b}, 2 global views at 70 % with mask tokens, " +
            $"4 local views at 25 %), {iterations} iterations after 3 warm-ups, load average {PretrainingProfile.LoadAverage()}");

        torch.set_num_threads(1);
        double one = Median(iterations, () => StudentPass(encoders[0], batch, validity, 0, b));
        torch.set_num_threads(2);
        double intraOp = Median(iterations, () => StudentPass(encoders[0], batch, validity, 0, b));
        torch.set_num_threads(1);
        double dataParallel = Median(iterations, () => Parallel.Invoke(
            () => OnOneThread(() => StudentPass(encoders[0], batch, validity, 0, b / 2)),
            () => OnOneThread(() => StudentPass(encoders[1], batch, validity, b / 2, b - b / 2))));
        double half = Median(iterations, () => StudentPass(encoders[0], batch, validity, 0, b / 2));
        Console.WriteLine($"DATA-PARALLEL 1 thread, whole batch: {one * 1000:F1} ms; half batch: {half * 1000:F1} ms ({half / one:P0} of it)");
        Console.WriteLine($"DATA-PARALLEL 2 libtorch threads, whole batch: {intraOp * 1000:F1} ms ({one / intraOp:F2}x)");
        Console.WriteLine($"DATA-PARALLEL 2 threads, a half batch each on its own replica: {dataParallel * 1000:F1} ms ({one / dataParallel:F2}x)");
    }

    private static void OnOneThread(Action body)
    {
        // libtorch's thread count (OpenMP's and MKL's) is per thread: a pool thread may come with another.
        torch.set_num_threads(1);
        body();
    }

    private static void StudentPass(SparshSkinEncoder encoder, Tensor batch, Tensor validity, int first, int count)
    {
        using var scope = NewDisposeScope();
        var windows = batch.narrow(0, first, count);
        var valid = validity.narrow(0, first, count);
        int taxels = (int)batch.shape[2], global = (int)(0.7 * taxels), local = (int)(0.25 * taxels);
        var globalKeep = torch.arange(0, global, dtype: ScalarType.Int64).unsqueeze(0).repeat(2 * count, 1);
        var localKeep = torch.arange(0, local, dtype: ScalarType.Int64).unsqueeze(0).repeat(4 * count, 1);
        var tokenMask = torch.arange(0, global).remainder(3).eq(0).unsqueeze(0).repeat(2 * count, 1);
        var globalOut = encoder.Encode(windows.repeat(2, 1, 1, 1), globalKeep, valid.repeat(2, 1), tokenMask);
        var localOut = encoder.Encode(windows.repeat(4, 1, 1, 1), localKeep, valid.repeat(4, 1));
        (globalOut.Tokens.square().mean() + globalOut.Register.square().mean() + localOut.Register.square().mean()).backward();
    }

    private static double Median(int iterations, Action body)
    {
        for (int i = 0; i < 3; i++) body();
        var seconds = new List<double>();
        for (int i = 0; i < iterations; i++)
        {
            var clock = Stopwatch.StartNew();
            body();
            seconds.Add(clock.Elapsed.TotalSeconds);
        }
        seconds.Sort();
        return seconds[seconds.Count / 2];
    }
}
