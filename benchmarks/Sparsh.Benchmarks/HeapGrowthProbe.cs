using Sparsh.Trainers.Encoder;
using Sparsh.Trainers.Objectives;
using Sparsh.Trainers.Pretraining;
using Sparsh.Trainers.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Benchmarks;

/// <summary>
/// Where the self-distillation step's native heap growth comes from (the memory benchmark's RSS creep): each piece of
/// the step run 5000 times at the small preset's sizes, printing glibc's bytes in use every 1000 iterations after a
/// full collection (finalizers included), relative to the start. Linear growth is a leak; a plateau is a cache.
/// </summary>
internal static class HeapGrowthProbe
{
    public static void Run()
    {
        if (GlibcHeap.Usage() is null)
        {
            Console.WriteLine("HEAP skipped: glibc's heap statistics (mallinfo2) are not available here.");
            return;
        }
        torch.set_num_threads(1);
        torch.manual_seed(1);
        var options = SparshPretrainingOptions.Cpu();
        int d = options.Encoder.EmbeddingDim, k = options.SelfDistillation.Prototypes, b = options.BatchSize;
        var head = new DinoHead("head", d, options.SelfDistillation.HeadHiddenDim, options.SelfDistillation.HeadBottleneckDim, k);
        var centering = new TeacherCentering("center", k, 0.9, TeacherCenteringMethod.Centering);
        var encoder = new SparshSkinEncoder(options.Encoder);
        int taxels = options.Encoder.TaxelCount, kept = (int)(0.7 * taxels);
        var windows = torch.randn(b, options.Encoder.FrameCount, taxels, 6);
        var keep = torch.arange(0, kept, dtype: ScalarType.Int64).unsqueeze(0).repeat(b, 1);
        var validity = torch.ones(b, taxels, dtype: ScalarType.Bool);
        var tokenMask = torch.rand(b, kept).lt(0.3);
        Measure("KoLeo forward + backward", () => KoLeoLoss.Compute(torch.randn(b, d).requires_grad_(true)).backward());
        Measure("head forward + backward", () => head.forward(torch.randn(300, d)).sum().backward());
        Measure("centering targets + update", () =>
        {
            using var noGrad = torch.no_grad();
            var logits = torch.randn(300, k);
            centering.TargetsInto(logits, 0.04, torch.empty_like(logits));
            centering.Update(logits);
        });
        Measure("teacher encoder (no grad)", () =>
        {
            using var noGrad = torch.no_grad();
            encoder.Encode(windows, keep, validity);
        });
        Measure("student encoder with mask tokens, forward + backward", () => encoder.Encode(windows, keep, validity, tokenMask).Register.sum().backward());
    }

    private static void Measure(string name, Action body)
    {
        static double InUseKilobytes()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            return GlibcHeap.Usage()!.Value.InUse / 1024.0;
        }
        for (int i = 0; i < 50; i++) Once(body);
        double start = InUseKilobytes();
        var marks = new List<string>();
        for (int thousand = 0; thousand < 5; thousand++)
        {
            for (int i = 0; i < 1000; i++) Once(body);
            marks.Add($"{InUseKilobytes() - start:F0}");
        }
        Console.WriteLine($"HEAP {name}: KB in use after 1000..5000 iterations: {string.Join(" ", marks)}");
    }

    private static void Once(Action body)
    {
        using var scope = NewDisposeScope();
        body();
    }
}
