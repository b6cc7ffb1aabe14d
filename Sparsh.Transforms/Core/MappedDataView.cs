using Microsoft.ML;

namespace Sparsh.Transforms.Core;

/// <summary>Lazily applies a <see cref="RowMapper"/> to every row of an input view.</summary>
internal sealed class MappedDataView : IDataView
{
    private readonly IDataView _input;
    private readonly RowMapper _mapper;

    /// <summary>Wraps <paramref name="input"/>; the mapper must have been bound to its schema.</summary>
    public MappedDataView(IDataView input, RowMapper mapper)
    {
        _input = input;
        _mapper = mapper;
        Schema = MappedRow.BuildSchema(input.Schema, mapper);
    }

    /// <inheritdoc/>
    public bool CanShuffle => _input.CanShuffle;

    /// <inheritdoc/>
    public DataViewSchema Schema { get; }

    /// <inheritdoc/>
    public long? GetRowCount() => _input.GetRowCount();

    /// <inheritdoc/>
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var (inputColumns, activeOutputs) = MappedRow.Split(Schema, _input.Schema, _mapper, columnsNeeded);
        return new MappedRow(_input.GetRowCursor(inputColumns, rand), _mapper, Schema, activeOutputs);
    }

    /// <inheritdoc/>
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        => [GetRowCursor(columnsNeeded, rand)];
}
