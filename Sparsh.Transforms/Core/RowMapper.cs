using Microsoft.ML;

namespace Sparsh.Transforms.Core;

/// <summary>
/// The per-row computation of a Sparsh row-to-row transformer: which columns it adds, which inputs it
/// reads, and how to make getters for the added columns from an input row. Getters are created once per
/// cursor and must reuse their buffers.
/// </summary>
public abstract class RowMapper
{
    /// <summary>Schema the mapper was bound to.</summary>
    public DataViewSchema InputSchema { get; }

    /// <summary>Binds the mapper to an input schema; derived constructors validate the input columns.</summary>
    protected RowMapper(DataViewSchema inputSchema) => InputSchema = inputSchema;

    /// <summary>Columns added to the input.</summary>
    public abstract IReadOnlyList<OutputColumn> OutputColumns { get; }

    /// <summary>Input columns needed to compute the given added columns (indices into <see cref="OutputColumns"/>).</summary>
    public abstract IEnumerable<DataViewSchema.Column> Dependencies(IReadOnlyList<int> activeOutputs);

    /// <summary>Creates a getter (a <c>ValueGetter&lt;T&gt;</c>) for added column <paramref name="outputIndex"/> over <paramref name="input"/>.</summary>
    public abstract Delegate CreateGetter(DataViewRow input, int outputIndex);
}
