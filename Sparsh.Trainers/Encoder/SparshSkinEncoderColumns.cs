using Sparsh.Transforms.Xela;

namespace Sparsh.Trainers.Encoder;

/// <summary>Columns the encoder reads from windows and the columns it adds.</summary>
public sealed record SparshSkinEncoderColumns
{
    /// <summary>Normalised magnetic flux [frames, taxels, 3].</summary>
    public string MagneticColumnName { get; init; } = XelaColumnNames.Magnetic;

    /// <summary>Taxel positions in metres [frames, taxels, 3].</summary>
    public string TaxelPositionsColumnName { get; init; } = XelaColumnNames.TaxelPositions;

    /// <summary>Per-taxel validity [frames, taxels] (bool); null or empty when the data has none (all valid).</summary>
    public string? ValidityColumnName { get; init; } = XelaColumnNames.Validity;

    /// <summary>Added column: the global (register) token [D].</summary>
    public string EmbeddingColumnName { get; init; } = "Embedding";

    /// <summary>Added column: all output tokens [1 + taxels, D] (global token first, e.g. [369, D]).</summary>
    public string TokensColumnName { get; init; } = "Tokens";
}
