using Microsoft.ML;
using Microsoft.ML.Data;

namespace Sparsh.Transforms.Core;

/// <summary>
/// An input row (or cursor) seen through a <see cref="RowMapper"/>: input columns pass through, added
/// columns come from the mapper's getters. Serves both <see cref="MappedDataView"/> cursors and
/// <see cref="IRowToRowMapper.GetRow"/> (prediction engines).
/// </summary>
internal sealed class MappedRow : DataViewRowCursor
{
    private readonly DataViewRow _input;
    private readonly int _inputColumnCount;
    private readonly Delegate?[] _getters;

    public MappedRow(DataViewRow input, RowMapper mapper, DataViewSchema schema, IReadOnlyList<int> activeOutputs)
    {
        _input = input;
        Schema = schema;
        _inputColumnCount = input.Schema.Count;
        _getters = new Delegate?[mapper.OutputColumns.Count];
        foreach (int output in activeOutputs) _getters[output] = mapper.CreateGetter(input, output);
    }

    public override DataViewSchema Schema { get; }
    public override long Position => _input.Position;
    public override long Batch => _input.Batch;
    public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

    public override bool MoveNext() => _input is DataViewRowCursor cursor
        ? cursor.MoveNext()
        : throw new InvalidOperationException("A mapped row built over a single row cannot move.");

    public override bool IsColumnActive(DataViewSchema.Column column) => column.Index < _inputColumnCount
        ? _input.IsColumnActive(_input.Schema[column.Index])
        : _getters[column.Index - _inputColumnCount] != null;

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        if (column.Index < _inputColumnCount) return _input.GetGetter<TValue>(_input.Schema[column.Index]);
        var getter = _getters[column.Index - _inputColumnCount]
            ?? throw new InvalidOperationException($"Column '{column.Name}' was not requested from this cursor.");
        return getter as ValueGetter<TValue>
            ?? throw new InvalidOperationException($"Column '{column.Name}' is {column.Type}, not {typeof(TValue).Name}.");
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _input.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>Output schema: all input columns (hidden ones keep their index) followed by the added ones.</summary>
    public static DataViewSchema BuildSchema(DataViewSchema input, RowMapper mapper)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(input);
        foreach (var column in mapper.OutputColumns) builder.AddColumn(column.Name, column.Type, column.Annotations);
        return builder.ToSchema();
    }

    /// <summary>Splits requested output columns into the input columns to read and the added columns to compute.</summary>
    public static (IEnumerable<DataViewSchema.Column> Input, IReadOnlyList<int> ActiveOutputs) Split(
        DataViewSchema outputSchema, DataViewSchema inputSchema, RowMapper mapper, IEnumerable<DataViewSchema.Column> requested)
    {
        var inputs = new HashSet<int>();
        var outputs = new List<int>();
        foreach (var column in requested)
        {
            if (column.Index < inputSchema.Count) inputs.Add(column.Index);
            else outputs.Add(column.Index - inputSchema.Count);
        }
        foreach (var dependency in mapper.Dependencies(outputs)) inputs.Add(dependency.Index);
        return (inputs.Select(i => inputSchema[i]).ToArray(), outputs);
    }
}
