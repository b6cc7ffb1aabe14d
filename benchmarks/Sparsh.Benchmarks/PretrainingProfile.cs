using System.Diagnostics;
using Microsoft.ML;
using Sparsh.Trainers.Pretraining;
using Sparsh.Trainers.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Benchmarks;

/// <summary>
/// Where one tiny-preset self-distillation step spends its time: the step's sections timed by
/// <see cref="PretrainingStepTimer"/> (wall clock; libtorch's CPU operators are synchronous), then the operators of one
/// encoder block and of the 65536-way head timed alone, forward and backward, at the step's shapes.
/// Run: <c>dotnet run -c Release --project benchmarks/Sparsh.Benchmarks -- profile-step [small|tiny] [threads] [steps] [--peer] [--operators]</c>.
/// </summary>
public static class PretrainingProfile
{
    /// <summary>
    /// Prints the profile of <paramref name="steps"/> steps of <paramref name="preset"/> ("small" or "tiny") after one
    /// warm-up step, their samples/s, then (with <paramref name="peer"/>) the PyTorch peer's at the same settings and
    /// (with <paramref name="operators"/>) the operator probe.
    /// </summary>
    public static void Run(string preset, int threads, int steps, bool peer, bool operators, MatmulPrecision precision = MatmulPrecision.Float32)
    {
        var mlContext = new MLContext(seed: 1);
        var options = preset == "small" ? SparshPretrainingOptions.Cpu() : PretrainingBenchmarks.TinyOnCpu();
        options.CpuThreads = threads;
        options.MatmulPrecision = precision;
        options.Epochs = 1;
        options.LogEverySteps = 1000;
        var timer = new PretrainingStepTimer();
        options.StepTimer = timer;
        var windows = WindowSet.Read(PretrainingBenchmarks.SyntheticPlay(mlContext, options.BatchSize * (steps + 1), seed: 1), options.Encoder, options.Columns);
        using var trainer = new SparshPretrainer(options);
        // The first step warms up allocator and kernels; it is timed separately.
        var warm = new StepProgress(step => { if (step == 1) timer.Reset(); });
        options.Progress = warm;
        options.LogEverySteps = 1;
        var clock = Stopwatch.StartNew();
        using (trainer.Run(mlContext, windows, null)) { }
        double total = timer.Sections.Sum(s => s.Seconds);
        Console.WriteLine($"PROFILE {preset} preset, batch {options.BatchSize}, {threads} thread(s), {precision} products, {timer.Steps} steps after 1 warm-up (load average {LoadAverage()}):");
        Console.WriteLine($"| section | s/step | share |");
        Console.WriteLine($"|---|---:|---:|");
        foreach (var (section, seconds) in timer.Sections)
            Console.WriteLine($"| {section} | {seconds / timer.Steps:F3} | {seconds / total:P1} |");
        Console.WriteLine($"| **step** | **{total / timer.Steps:F3}** | |");
        double samplesPerSecond = options.BatchSize * timer.Steps / total;
        Console.WriteLine($"PRETRAINING preset={preset} threads={threads} precision={precision} samples/s={samplesPerSecond:F3} load average {LoadAverage()}");
        Console.WriteLine(GemmProbe.MklKernels());
        // MFU against the best product measured now, in this process, at the same threads and in the step's precision.
        var best = GemmProbe.BestFor(GemmProbe.MeasureFor(threads, precision), precision);
        double achieved = PretrainingBenchmarks.SelfDistillationFlopsPerSample(options) * samplesPerSecond;
        Console.WriteLine($"PRETRAINING achieved GFLOP/s={achieved / 1e9:F1} MFU={achieved / best.FlopsPerSecond:F3} against {best}");
        if (peer && PytorchPeer.Run(preset, threads, steps, precision == MatmulPrecision.BFloat16) is { } result)
            Console.WriteLine($"PRETRAINING preset={preset} threads={threads} ratio to PyTorch eager={samplesPerSecond / result.SamplesPerSecond:F2} load average {LoadAverage()}");
        if (operators) OperatorProbe(options);
    }

    // One tiny block's operators and the head's, forward + backward, at the step's shapes (student global views).
    private static void OperatorProbe(SparshPretrainingOptions options)
    {
        int d = options.Encoder.EmbeddingDim, heads = options.Encoder.Heads, b = options.BatchSize;
        int globalTokens = 1 + (int)Math.Round(0.7 * options.Encoder.TaxelCount), localTokens = 1 + (int)Math.Round(0.25 * options.Encoder.TaxelCount);
        int rows = 2 * b, localRows = options.Masking.LocalViews * b;
        int headRows = (2 + options.Masking.LocalViews) * b + (int)Math.Round(0.3 * (globalTokens - 1) * 2 * b);
        int k = options.SelfDistillation.Prototypes, bottleneck = options.SelfDistillation.HeadBottleneckDim;
        Console.WriteLine($"PROFILE operators, forward + backward, ms per call (global views [{rows}, {globalTokens}, {d}], local [{localRows}, {localTokens}, {d}], head rows {headRows}):");
        Console.WriteLine("| operator | global views ms | local views ms | GFLOP/s (global) |");
        Console.WriteLine("|---|---:|---:|---:|");
        void Row(string name, Func<int, int, (Func<Tensor>, double)> make)
        {
            var (g, gFlops) = make(rows, globalTokens);
            var (l, _) = make(localRows, localTokens);
            double gs = ForwardBackward(g), ls = ForwardBackward(l);
            Console.WriteLine($"| {name} | {gs * 1e3:F1} | {ls * 1e3:F1} | {(gFlops > 0 ? $"{3 * gFlops / gs / 1e9:F1}" : "-")} |");
        }
        Tensor Input(int r, int n, int width) => torch.randn(r, n, width).requires_grad_(true);
        Row("LayerNorm", (r, n) => { var x = Input(r, n, d); var ln = nn.LayerNorm(d); return (() => ln.forward(x), 0); });
        Row("qkv Linear", (r, n) => { var x = Input(r, n, d); var lin = nn.Linear(d, 3 * d); return (() => lin.forward(x), 2.0 * r * n * d * 3 * d); });
        // Attention with the step's bool key mask, without a mask and with the mask as an additive float bias: which
        // kernel libtorch picks depends on the mask (the fused CPU kernel or the unfused matmul-softmax-matmul).
        void AttentionRow(string mask, Func<int, int, Tensor?> makeMask) => Row($"scaled_dot_product_attention ({mask})", (r, n) =>
        {
            var q = torch.randn(r, heads, n, d / heads).requires_grad_(true);
            var kk = torch.randn(r, heads, n, d / heads).requires_grad_(true);
            var v = torch.randn(r, heads, n, d / heads).requires_grad_(true);
            var m = makeMask(r, n);
            return (() => nn.functional.scaled_dot_product_attention(q, kk, v, m), 4.0 * r * n * n * d);
        });
        AttentionRow("bool key mask", (r, n) => torch.ones(r, 1, 1, n, dtype: ScalarType.Bool));
        AttentionRow("no mask", (_, _) => null);
        AttentionRow("float key bias", (r, n) => torch.zeros(r, 1, 1, n));
        Row("matmul, softmax, matmul (float key bias)", (r, n) =>
        {
            var q = torch.randn(r, heads, n, d / heads).requires_grad_(true);
            var kk = torch.randn(r, heads, n, d / heads).requires_grad_(true);
            var v = torch.randn(r, heads, n, d / heads).requires_grad_(true);
            var bias = torch.zeros(r, 1, 1, n);
            float scale = 1 / MathF.Sqrt(d / heads);
            return (() => nn.functional.softmax(q.matmul(kk.transpose(-2, -1)).mul_(scale).add_(bias), -1).matmul(v), 4.0 * r * n * n * d);
        });
        Row("proj Linear", (r, n) => { var x = Input(r, n, d); var lin = nn.Linear(d, d); return (() => lin.forward(x), 2.0 * r * n * d * d); });
        Row("MLP fc1", (r, n) => { var x = Input(r, n, d); var lin = nn.Linear(d, 4 * d); return (() => lin.forward(x), 2.0 * r * n * d * 4 * d); });
        Row("GELU", (r, n) => { var x = Input(r, n, 4 * d); return (() => nn.functional.gelu(x), 0); });
        Row("MLP fc2", (r, n) => { var x = Input(r, n, 4 * d); var lin = nn.Linear(4 * d, d); return (() => lin.forward(x), 2.0 * r * n * d * 4 * d); });
        Console.WriteLine("| head operator | ms | | GFLOP/s |");
        void HeadRow(string name, Func<Tensor> forward, double flops)
        {
            double s = ForwardBackward(forward);
            Console.WriteLine($"| {name} | {s * 1e3:F1} | | {(flops > 0 ? $"{3 * flops / s / 1e9:F1}" : "-")} |");
        }
        var prototypes = torch.randn(k, bottleneck).requires_grad_(true);
        var features = torch.randn(headRows, bottleneck).requires_grad_(true);
        HeadRow($"weight norm of prototypes [{k}, {bottleneck}]", () => nn.functional.normalize(prototypes, p: 2, dim: 1), 0);
        var normalised = nn.functional.normalize(prototypes.detach(), p: 2, dim: 1).requires_grad_(true);
        HeadRow($"prototype logits [{headRows}, {bottleneck}] x [{bottleneck}, {k}]", () => features.matmul(normalised.t()), 2.0 * headRows * bottleneck * k);
        var logits = torch.randn(headRows, k).requires_grad_(true);
        HeadRow($"log_softmax(logits / 0.1) over [{headRows}, {k}]", () => nn.functional.log_softmax(logits / 0.1, -1), 0);
        using (torch.no_grad())
        {
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < 3; i++) { using var t = nn.functional.softmax(logits / 0.04, -1); }
            Console.WriteLine($"| teacher softmax (no grad) over [{headRows}, {k}] | {clock.Elapsed.TotalMilliseconds / 3:F1} | | - |");
        }
    }

    // Best of 3 forward + backward calls (gradient of the output's sum).
    private static double ForwardBackward(Func<Tensor> forward)
    {
        double best = double.MaxValue;
        for (int i = 0; i < 4; i++)
        {
            using var scope = torch.NewDisposeScope();
            var clock = Stopwatch.StartNew();
            var y = forward();
            y.backward([torch.ones_like(y)]);
            if (i > 0) best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return best;
    }

    /// <summary>The 1-minute load average (Linux), or "n/a".</summary>
    public static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
}
