using static TorchSharp.torch;

namespace Sparsh.Trainers.Encoder;

/// <summary>What the encoder returns after its final LayerNorm.</summary>
/// <param name="Register">The global (first register) token, [B, D].</param>
/// <param name="Tokens">The taxel tokens, [B, K, D] (K = 368 for a full window, fewer for a masked view).</param>
public sealed record SparshSkinEncoderOutput(Tensor Register, Tensor Tokens);
