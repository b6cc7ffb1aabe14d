namespace Sparsh.Trainers.Torch;

/// <summary>The number format of a training step's matrix products (Linear layers, attention, prototype logits).</summary>
public enum MatmulPrecision
{
    /// <summary>Everything in float32.</summary>
    Float32,

    /// <summary>
    /// Matrix products in bfloat16 with float32 results, the usual mixed-precision recipe: weights, optimiser state,
    /// normalisations, softmaxes and loss reductions stay float32. Fast only on CPUs with bfloat16 instructions
    /// (AVX512-BF16 or AMX); elsewhere libtorch emulates it, about ten times slower than float32.
    /// </summary>
    BFloat16,
}
