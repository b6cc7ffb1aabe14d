using Microsoft.ML;
using Sparsh.Transforms.Core;
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

    /// <summary>
    /// The flux and position columns an encoder of <paramref name="config"/> reads from <paramref name="schema"/>; throws
    /// naming the column and the expected size when one is missing or of another type or length.
    /// </summary>
    internal (DataViewSchema.Column Magnetic, DataViewSchema.Column Positions) RequireWindowColumns(DataViewSchema schema, SparshSkinEncoderConfig config)
    {
        int values = config.FrameCount * config.TaxelCount * 3;
        return (SchemaChecks.RequireFloatVector(schema, MagneticColumnName, values, $"normalised flux [{config.FrameCount}, {config.TaxelCount}, 3]"),
            SchemaChecks.RequireFloatVector(schema, TaxelPositionsColumnName, values, $"taxel positions [{config.FrameCount}, {config.TaxelCount}, 3] in metres"));
    }
}
