using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Sparsh.Trainers.Torch;
using Sparsh.Transforms.Onnx;
using TorchSharp;

namespace Sparsh.Benchmarks;

/// <summary>One matrix-product throughput: who computed it, which product, in which precision.</summary>
public sealed record GemmMeasurement(string Source, string Product, string Precision, double FlopsPerSecond)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Source} {Product} {Precision}: {FlopsPerSecond / 1e9:F1} GFLOP/s";
}

/// <summary>
/// What this CPU's matrix products reach in this process, for an honest MFU denominator: libtorch's 1024^3 matmul and the
/// tiny encoder's qkv Linear shape in float32 and bfloat16, and ONNX Runtime's float32 MatMul (its own MLAS kernels, which
/// use the full vector width where libtorch's MKL may not). Each figure is the best of 3 runs of a few products.
/// </summary>
public static class GemmProbe
{
    /// <summary>Rows of the qkv Linear probe: the tiny step's student views (2 x 8 global at 259 tokens + 8 x 8 local at 93, rounded as in the issue).</summary>
    public const int LinearRows = 20640;

    /// <summary>
    /// Measures the products on <paramref name="threads"/> threads (libtorch and ONNX Runtime); the bfloat16 ones only with
    /// <paramref name="bfloat16"/> (on a CPU without BF16 instructions they are emulated and take minutes).
    /// </summary>
    public static IEnumerable<GemmMeasurement> Measure(int threads, bool bfloat16 = true)
    {
        // Sparsh.Trainers' module initializers (the MKL vendor gate, the native settings) must run before libtorch's
        // first product, and nothing here would touch that assembly first: MKL picks its kernels once per process.
        RuntimeHelpers.RunModuleConstructor(typeof(MklVendorGate).Module.ModuleHandle);
        torch.set_num_threads(threads);
        yield return new("libtorch", "matmul 1024^3", "float32", TorchMatmul(1024, torch.ScalarType.Float32));
        yield return new("onnxruntime", "MatMul 1024^3", "float32", OnnxRuntimeMatmul(1024, threads));
        yield return new("libtorch", $"linear [{LinearRows}x192]x[192x576]", "float32", TorchLinear(torch.ScalarType.Float32));
        if (!bfloat16) yield break;
        yield return new("libtorch", "matmul 1024^3", "bfloat16", TorchMatmul(1024, torch.ScalarType.BFloat16));
        yield return new("libtorch", $"linear [{LinearRows}x192]x[192x576]", "bfloat16", TorchLinear(torch.ScalarType.BFloat16));
    }

    /// <summary>The kernels libtorch's MKL chose for float32 products, and where the vendor gate was loaded from.</summary>
    public static string MklKernels() => $"MKL: {MklVendorGate.MklKernels() ?? "not found"} (vendor gate: {MklVendorGate.LoadedFrom ?? "not loaded"})";

    /// <summary>
    /// The products a step computing in <paramref name="precision"/> is measured against: float32 always, bfloat16 only
    /// for a bfloat16 step on a CPU with the instructions (emulated they take minutes).
    /// </summary>
    public static IEnumerable<GemmMeasurement> MeasureFor(int threads, MatmulPrecision precision)
        => Measure(threads, bfloat16: precision == MatmulPrecision.BFloat16 && MixedPrecision.CpuHasBFloat16() == true);

    /// <summary>The best finite figure in the precision the step computes in: bfloat16 where measured, else float32.</summary>
    public static GemmMeasurement BestFor(IEnumerable<GemmMeasurement> measurements, MatmulPrecision precision)
    {
        var finite = measurements.Where(m => double.IsFinite(m.FlopsPerSecond)).ToList();
        string wanted = precision == MatmulPrecision.BFloat16 && finite.Any(m => m.Precision == "bfloat16") ? "bfloat16" : "float32";
        return finite.Where(m => m.Precision == wanted).MaxBy(m => m.FlopsPerSecond)
            ?? throw new ArgumentException($"No finite measurement in {wanted}.", nameof(measurements));
    }

    private static double TorchMatmul(int size, torch.ScalarType type)
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.randn(size, size).to(type);
        var b = torch.randn(size, size).to(type);
        return BestOf(() => { using var c = a.matmul(b); }, 2.0 * size * size * size, products: 4);
    }

    private static double TorchLinear(torch.ScalarType type)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var x = torch.randn(LinearRows, 192).to(type);
        var weight = torch.randn(576, 192).to(type);
        var bias = torch.randn(576).to(type);
        return BestOf(() => { using var y = torch.nn.functional.linear(x, weight, bias); }, 2.0 * LinearRows * 192 * 576, products: 2);
    }

    private static double OnnxRuntimeMatmul(int size, int threads)
    {
        var graph = new OnnxGraphBuilder("gemm_probe");
        var input = graph.AddInput("a", OnnxElementType.Float, size, size);
        var random = new Random(1);
        var values = new float[size * size];
        for (int i = 0; i < values.Length; i++) values[i] = (float)(random.NextDouble() - 0.5);
        var b = graph.AddInitializer("b", values, size, size);
        graph.AddOutput(graph.AddNode("MatMul", [input, b]), "c", OnnxElementType.Float, size, size);
        using var options = DeploymentModels.SessionOptionsFor(threads);
        using var session = new InferenceSession(graph.ToModelBytes(), options);
        var inputs = new[] { NamedOnnxValue.CreateFromTensor("a", new DenseTensor<float>(values, [size, size])) };
        return BestOf(() => { using var outputs = session.Run(inputs); }, 2.0 * size * size * size, products: 4);
    }

    private static double BestOf(Action product, double flopsPerProduct, int products)
    {
        product();
        double best = 0;
        for (int run = 0; run < 3; run++)
        {
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < products; i++) product();
            best = Math.Max(best, products * flopsPerProduct / clock.Elapsed.TotalSeconds);
        }
        return best;
    }
}
