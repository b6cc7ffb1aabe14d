using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Torch;

/// <summary>
/// Scalars that live as long as the process. TorchSharp 0.107 turns a number given where a Scalar is expected, and the
/// default <c>alpha</c> of <c>add</c> / <c>add_</c>, into a temporary that only the finalizer frees; a collection during
/// the native call can free it while libtorch reads it ("Scalar toFloat: Expected false to be true", seen in the
/// optimizers' <c>add_(epsilon)</c> on a loaded machine). Code that runs on every parameter of every step passes these.
/// </summary>
internal static class KeptScalars
{
    /// <summary>1, the alpha of a plain add.</summary>
    public static readonly Scalar One = 1.0.ToScalar();
}
