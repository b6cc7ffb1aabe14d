using Microsoft.ML;
using Microsoft.ML.Data;

namespace Sparsh.Transforms.Core;

/// <summary>An input view plus one precomputed float-vector column, matched to rows by position (the input must be deterministic in order).</summary>
internal sealed class AppendedColumnDataView : IDataView
{
    private readonly IDataView _input;
    private readonly float[] _values;
    private readonly int _width;

    /// <summary>Appends <paramref name="values"/> (rows x <paramref name="width"/>) as the last column of <paramref name="schema"/>.</summary>
    public AppendedColumnDataView(IDataView input, DataViewSchema schema, float[] values, int width)
    {
        _input = input;
        Schema = schema;
        _values = values;
        _width = width;
    }

    /// <inheritdoc/>
    public bool CanShuffle => false;

    /// <inheritdoc/>
    public DataViewSchema Schema { get; }

    /// <inheritdoc/>
    public long? GetRowCount() => _values.Length / _width;

    /// <inheritdoc/>
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        int appended = Schema.Count - 1;
        var inputColumns = columnsNeeded.Where(c => c.Index != appended).Select(c => _input.Schema[c.Index]);
        return new Cursor(this, _input.GetRowCursor(inputColumns));
    }

    /// <inheritdoc/>
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        => [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor(AppendedColumnDataView view, DataViewRowCursor input) : DataViewRowCursor
    {
        public override DataViewSchema Schema => view.Schema;
        public override long Position => input.Position;
        public override long Batch => input.Batch;
        public override ValueGetter<DataViewRowId> GetIdGetter() => input.GetIdGetter();
        public override bool MoveNext() => input.MoveNext();

        public override bool IsColumnActive(DataViewSchema.Column column)
            => column.Index == view.Schema.Count - 1 || input.IsColumnActive(input.Schema[column.Index]);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index != view.Schema.Count - 1) return input.GetGetter<TValue>(input.Schema[column.Index]);
            ValueGetter<VBuffer<float>> getter = (ref VBuffer<float> dst) =>
            {
                var editor = VBufferEditor.Create(ref dst, view._width);
                view._values.AsSpan((int)input.Position * view._width, view._width).CopyTo(editor.Values);
                dst = editor.Commit();
            };
            return getter as ValueGetter<TValue> ?? throw new InvalidOperationException($"Column '{column.Name}' is a float vector.");
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) input.Dispose();
            base.Dispose(disposing);
        }
    }
}
