using Sparsh.Transforms.Hand;
using Sparsh.Transforms.Xela;

namespace Sparsh.Trainers.Encoder;

/// <summary>
/// Everything that fixes the architecture of a <see cref="SparshSkinEncoder"/> (and so the shapes of its
/// weights): token inputs, sizes of the transformer and the taxel types of the hand. Serialised as JSON into
/// checkpoints so a decoder or an exporter can rebuild the module.
/// </summary>
public sealed record SparshSkinEncoderConfig
{
    /// <summary>Token width D.</summary>
    public int EmbeddingDim { get; init; } = 32;

    /// <summary>Number of transformer blocks.</summary>
    public int Depth { get; init; } = 2;

    /// <summary>Attention heads per block; must divide <see cref="EmbeddingDim"/>.</summary>
    public int Heads { get; init; } = 2;

    /// <summary>MLP hidden width as a multiple of <see cref="EmbeddingDim"/>.</summary>
    public double MlpRatio { get; init; } = 4;

    /// <summary>Largest drop-path rate (the last block's; rates grow linearly with depth from 0).</summary>
    public double DropPathRate { get; init; }

    /// <summary>LayerNorm epsilon.</summary>
    public double LayerNormEpsilon { get; init; } = 1e-6;

    /// <summary>
    /// A LayerNorm on each taxel token right after its linear embedding, before the type and position embeddings are added:
    /// the reference tokenizer's <c>patch_embed.layer_norm</c>, set when a PyTorch checkpoint that has one is imported.
    /// </summary>
    public bool TokenEmbeddingNorm { get; init; }

    /// <summary>Frames per window (10 = 0.1 s at 100 Hz).</summary>
    public int FrameCount { get; init; } = 10;

    /// <summary>Magnetic channels per taxel and frame (normalised flux x, y, z).</summary>
    public int MagneticChannels { get; init; } = XelaSkin.AxisCount;

    /// <summary>Position channels per taxel and frame (x, y, z in metres).</summary>
    public int PositionChannels { get; init; } = 3;

    /// <summary>Register tokens prepended to the taxel tokens; the first is the global token.</summary>
    public int RegisterTokens { get; init; } = 1;

    /// <summary>Number of taxel types with their own embedding.</summary>
    public int TaxelTypeCount { get; init; } = 3;

    /// <summary>Taxel type index of every taxel in flatten order (its length is the taxel count).</summary>
    public int[] TaxelTypes { get; init; } = AllegroTaxelTypes();

    /// <summary>Taxels per window (tokens without the register).</summary>
    public int TaxelCount => TaxelTypes.Length;

    /// <summary>Values embedded into one taxel token: frames x (magnetic + position channels).</summary>
    public int TokenInputWidth => FrameCount * (MagneticChannels + PositionChannels);

    /// <summary>Tokens of a full window as the transformer outputs them: the global token + one per taxel, e.g. 369.</summary>
    public int TokenCount => 1 + TaxelCount;

    /// <summary>The configuration of a named size with the Allegro + XELA taxel layout.</summary>
    public static SparshSkinEncoderConfig ForSize(SparshSkinEncoderSize size) => size switch
    {
        SparshSkinEncoderSize.Micro => new() { EmbeddingDim = 32, Depth = 2, Heads = 2 },
        SparshSkinEncoderSize.Tinier => new() { EmbeddingDim = 96, Depth = 8, Heads = 3, DropPathRate = 0.3 },
        SparshSkinEncoderSize.Tiny => new() { EmbeddingDim = 192, Depth = 8, Heads = 3, DropPathRate = 0.3 },
        SparshSkinEncoderSize.Small => new() { EmbeddingDim = 384, Depth = 12, Heads = 6, DropPathRate = 0.3 },
        SparshSkinEncoderSize.Base => new() { EmbeddingDim = 768, Depth = 12, Heads = 12, DropPathRate = 0.3 },
        _ => throw new ArgumentOutOfRangeException(nameof(size), size, "Unknown encoder size."),
    };

    /// <summary>The taxel types of a hand model, in its flatten order.</summary>
    public static int[] TaxelTypesOf(HandModel hand) => hand.Taxels.Select(t => (int)t.Type).ToArray();

    /// <summary>
    /// Multiply-adds x 2 of one forward pass over <paramref name="taxelTokens"/> taxel tokens (plus registers): the
    /// token embedding, qkv/projection/MLP matmuls and the two attention matmuls. Norms and activations are ignored.
    /// </summary>
    public double ForwardFlops(int taxelTokens)
    {
        double n = taxelTokens + RegisterTokens, d = EmbeddingDim, hidden = Math.Round(d * MlpRatio);
        double embed = 2.0 * taxelTokens * TokenInputWidth * d;
        double perBlock = 2 * n * d * 3 * d + 2 * 2 * n * n * d + 2 * n * d * d + 2 * 2 * n * d * hidden;
        return embed + Depth * perBlock;
    }

    /// <summary>Throws naming the first inconsistent field.</summary>
    public void Validate()
    {
        if (EmbeddingDim <= 0 || Depth <= 0 || Heads <= 0) throw new ArgumentException($"EmbeddingDim, Depth and Heads must be positive, got {EmbeddingDim}, {Depth}, {Heads}.");
        if (EmbeddingDim % Heads != 0) throw new ArgumentException($"EmbeddingDim {EmbeddingDim} is not a multiple of Heads {Heads}.");
        if (RegisterTokens < 1) throw new ArgumentException($"RegisterTokens must be at least 1 (the global token), got {RegisterTokens}.");
        if (TaxelTypes.Length == 0) throw new ArgumentException("TaxelTypes is empty.");
        foreach (int type in TaxelTypes)
            if (type < 0 || type >= TaxelTypeCount) throw new ArgumentException($"Taxel type {type} is outside [0, {TaxelTypeCount}).");
        if (DropPathRate is < 0 or >= 1) throw new ArgumentException($"DropPathRate must be in [0, 1), got {DropPathRate}.");
    }

    private static int[] AllegroTaxelTypes() => TaxelTypesOf(HandModel.AllegroXela);
}
