using Sparsh.Trainers.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Tests.Torch;

[TestClass]
public sealed class OnednnPrimitiveCacheTests
{
    /// <summary>
    /// libtorch computes a float32 GELU with a oneDNN primitive built for the tensor's shape and cached. Pretraining meets
    /// new shapes every step (view sizes are drawn). Each primitive's small blocks land next to the step's large tensors
    /// and keep their holes from joining after they are freed, so with oneDNN's default of 1024 cached primitives glibc's
    /// heap grew by about a tensor per new shape, with nothing leaking. With the library's cap, evicted primitives free
    /// their blocks and the heap stops growing.
    /// </summary>
    [TestMethod]
    public void GeluOverManyNewShapesDoesNotGrowTheHeap()
    {
        if (GlibcHeap.Usage() is null) Assert.Inconclusive("glibc's heap statistics are not available here.");
        int capacity = int.Parse(NativeRuntimeSettings.Get("ONEDNN_PRIMITIVE_CACHE_CAPACITY")!);
        const int Width = 64, NewShapes = 300;
        int rows = 1000;
        using var run = NativeHeapRetention.Enter();
        // Fill the cache first, so each measured shape replaces a primitive instead of adding one.
        for (int i = 0; i < capacity + 8; i++) Gelu(rows++, Width);
        long before = HeapBytes();
        for (int i = 0; i < NewShapes; i++) Gelu(rows++, Width);
        long grew = HeapBytes() - before, tensorBytes = (long)rows * Width * sizeof(float);
        Console.WriteLine($"{NewShapes} new GELU shapes, oneDNN cache capacity {capacity}: glibc's heap grew {grew / 1048576.0:F1} MB " +
            $"({(double)grew / tensorBytes:F0} tensors of {tensorBytes / 1024} KB)");
        Assert.IsTrue(grew < 40 * tensorBytes, $"glibc's heap grew {grew / 1048576.0:F1} MB over {NewShapes} new shapes (cache capacity {capacity})");
    }

    private static void Gelu(int rows, int width)
    {
        using var input = ones(rows, width);
        using var output = nn.functional.gelu(input);
    }

    private static long HeapBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var heap = GlibcHeap.Usage()!.Value;
        return heap.InUse + heap.Free + heap.Mapped;
    }
}
