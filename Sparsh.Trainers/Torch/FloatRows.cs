using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Torch;

/// <summary>
/// Row-wise float32 kernels over contiguous CPU tensors [rows, width], for the passes over [rows, 65536] prototype
/// logits that libtorch runs as separate whole-tensor operators (each one a trip through memory and, at that size,
/// a fresh allocation). Here a row (256 KB at 65536 prototypes) stays in the core's cache across its passes, and the
/// rows are split over libtorch's thread count. Every row is computed alone, so results do not depend on the threads.
/// </summary>
internal static class FloatRows
{
    /// <summary>Whether <paramref name="tensor"/> can be read as float32 rows in place.</summary>
    public static bool Supports(Tensor tensor)
        => tensor.device_type == DeviceType.CPU && tensor.dtype == ScalarType.Float32 && tensor.dim() == 2 && tensor.is_contiguous();

    /// <summary>The address of the first element, after checking the tensor can be read in place.</summary>
    public static unsafe IntPtr Address(Tensor tensor, string name)
    {
        if (!Supports(tensor))
            throw new ArgumentException($"{name}: expected a contiguous 2-D float32 CPU tensor, got {tensor.dtype} {string.Join("x", tensor.shape)} on {tensor.device} (contiguous: {tensor.is_contiguous()}).", name);
        if (tensor.numel() == 0) return IntPtr.Zero;
        // Tensor.bytes spans the whole tensor with an int length; one element is enough to find the start.
        using var first = tensor.view(-1).narrow(0, 0, 1);
        return (IntPtr)Unsafe.AsPointer(ref MemoryMarshal.GetReference(first.bytes));
    }

    /// <summary>Row <paramref name="row"/> of a [rows, <paramref name="width"/>] float32 block at <paramref name="address"/>.</summary>
    public static unsafe Span<float> Row(IntPtr address, long row, int width) => new((float*)address + row * width, width);

    /// <summary>Runs <paramref name="body"/>(first, end, scratch row) over [0, rows) in contiguous chunks on libtorch's thread count.</summary>
    public static void For(int rows, int width, Action<int, int, float[]> body)
    {
        int threads = Math.Max(1, Math.Min(torch.get_num_threads(), rows));
        if (threads == 1)
        {
            body(0, rows, new float[width]);
            return;
        }
        int chunk = (rows + threads - 1) / threads;
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads },
            t => body(t * chunk, Math.Min(rows, (t + 1) * chunk), new float[width]));
    }

    /// <summary>log sum_k exp(z_k * scale), with <paramref name="scratch"/> (same length) overwritten.</summary>
    public static float LogSumExp(ReadOnlySpan<float> z, float scale, Span<float> scratch)
    {
        float max = TensorPrimitives.Max(z);
        TensorPrimitives.Subtract(z, max, scratch);
        TensorPrimitives.Multiply(scratch, scale, scratch);
        TensorPrimitives.Exp(scratch, scratch);
        return max * scale + MathF.Log(TensorPrimitives.Sum(scratch));
    }

    /// <summary><paramref name="destination"/> = softmax((z - center) * scale).</summary>
    public static void CenteredSoftmax(ReadOnlySpan<float> z, ReadOnlySpan<float> center, float scale, Span<float> destination)
    {
        TensorPrimitives.Subtract(z, center, destination);
        float max = TensorPrimitives.Max(destination);
        TensorPrimitives.Subtract(destination, max, destination);
        TensorPrimitives.Multiply(destination, scale, destination);
        TensorPrimitives.Exp(destination, destination);
        TensorPrimitives.Multiply(destination, 1 / TensorPrimitives.Sum(destination), destination);
    }
}
