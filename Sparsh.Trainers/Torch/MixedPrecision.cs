using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Torch;

/// <summary>
/// The matrix-product precision of the code running on this thread, like PyTorch's autocast (which TorchSharp 0.107
/// lacks): inside <see cref="Use"/> with <see cref="MatmulPrecision.BFloat16"/>, <see cref="Linear"/> and
/// <see cref="Matmul"/> cast their operands to bfloat16; the casts are part of the autograd graph, so gradients reach the
/// float32 weights in float32. Outside a scope (inference, ONNX export, decoders) nothing changes.
/// </summary>
internal static class MixedPrecision
{
    [ThreadStatic] private static bool _bfloat16;

    /// <summary>Whether matrix products on this thread run in bfloat16.</summary>
    public static bool BFloat16 => _bfloat16;

    /// <summary>Sets the precision of this thread's matrix products until the result is disposed.</summary>
    public static IDisposable Use(MatmulPrecision precision)
    {
        var scope = new Scope(_bfloat16);
        _bfloat16 = precision == MatmulPrecision.BFloat16;
        return scope;
    }

    /// <summary>
    /// <paramref name="layer"/> applied to <paramref name="x"/>; float32 out unless <paramref name="keepBFloat16"/> (for
    /// a following product that would cast it back).
    /// </summary>
    public static Tensor Linear(Linear layer, Tensor x, bool keepBFloat16 = false)
    {
        if (!_bfloat16) return layer.forward(x);
        using var scope = NewDisposeScope();
        var y = nn.functional.linear(x.to(ScalarType.BFloat16), layer.weight!.to(ScalarType.BFloat16), layer.bias?.to(ScalarType.BFloat16));
        return (keepBFloat16 ? y : y.to(ScalarType.Float32)).MoveToOuterDisposeScope();
    }

    /// <summary><paramref name="a"/> times <paramref name="b"/>, float32 out.</summary>
    public static Tensor Matmul(Tensor a, Tensor b)
    {
        if (!_bfloat16) return a.matmul(b);
        using var scope = NewDisposeScope();
        return a.to(ScalarType.BFloat16).matmul(b.to(ScalarType.BFloat16)).to(ScalarType.Float32).MoveToOuterDisposeScope();
    }

    /// <summary>Whether this CPU has bfloat16 instructions (AVX512-BF16 or AMX), read from /proc/cpuinfo; null when unknown.</summary>
    public static bool? CpuHasBFloat16()
    {
        const string cpuInfo = "/proc/cpuinfo";
        if (!File.Exists(cpuInfo)) return null;
        var flags = File.ReadLines(cpuInfo).FirstOrDefault(line => line.StartsWith("flags", StringComparison.Ordinal));
        if (flags is null) return null;
        var names = flags.Split([' ', '\t', ':'], StringSplitOptions.RemoveEmptyEntries);
        return names.Contains("avx512_bf16") || names.Contains("amx_bf16");
    }

    private sealed class Scope(bool previous) : IDisposable
    {
        public void Dispose() => _bfloat16 = previous;
    }
}
