using Microsoft.ML;
using Microsoft.ML.Data;

namespace Sparsh.Transforms.Windowing;

/// <summary>Lazy window-per-row view over a frame-per-row view; rows are produced in input order.</summary>
internal sealed class WindowedDataView : IDataView
{
    private readonly IDataView _input;
    private readonly WindowLayout _layout;

    public WindowedDataView(IDataView input, XelaWindowingOptions options)
    {
        _input = input;
        _layout = Bind(input.Schema, options);
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema => _layout.Schema;

    public long? GetRowCount() => null;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var active = new HashSet<int>(columnsNeeded.Select(c => c.Index));
        var inputColumns = new List<DataViewSchema.Column> { _layout.RecordingId, _layout.Timestamp };
        inputColumns.AddRange(_layout.PassThrough.Where(p => active.Contains(p.OutputIndex)).Select(p => p.Input));
        inputColumns.AddRange(_layout.Stacked.Where(s => active.Contains(s.OutputIndex)).Select(s => s.Input));
        return new WindowCursor(_input.GetRowCursor(inputColumns), _layout, active);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        => [GetRowCursor(columnsNeeded, rand)];

    /// <summary>Validates the input columns and lays out the output schema.</summary>
    public static WindowLayout Bind(DataViewSchema input, XelaWindowingOptions options)
    {
        var id = input.GetColumnOrNull(options.RecordingIdColumnName)
            ?? throw Missing(input, options.RecordingIdColumnName, "the recording id (text)");
        if (id.Type is not TextDataViewType)
            throw new ArgumentOutOfRangeException(nameof(input), $"Column '{id.Name}' has type {id.Type}; expected text recording ids.");
        var time = input.GetColumnOrNull(options.TimestampColumnName)
            ?? throw Missing(input, options.TimestampColumnName, "frame timestamps in seconds (double)");
        if (time.Type != NumberDataViewType.Double)
            throw new ArgumentOutOfRangeException(nameof(input), $"Column '{time.Name}' has type {time.Type}; expected double timestamps in seconds.");

        var builder = new DataViewSchema.Builder();
        builder.AddColumn(id.Name, id.Type);
        builder.AddColumn(options.WindowStartColumnName, NumberDataViewType.Double);
        int next = 2; // output index of the next column added after id and window start
        var passThrough = new List<(DataViewSchema.Column Input, int OutputIndex)>();
        foreach (string name in XelaWindowingTransformer.PassThroughColumns(options, name => input.GetColumnOrNull(name) != null))
        {
            var column = input.GetColumnOrNull(name) ?? throw Missing(input, name, "a per-recording scalar column to carry to windows");
            if (column.Type is VectorDataViewType)
                throw new ArgumentOutOfRangeException(nameof(input), $"Column '{name}' is a vector; only scalar columns can be carried to windows.");
            passThrough.Add((column, next++));
            builder.AddColumn(column.Name, column.Type, column.Annotations);
        }
        var stacked = new List<StackedColumn>();
        var windowed = options.WindowedColumnNames
            ?? XelaWindowingTransformer.DefaultWindowedColumns(name => input.GetColumnOrNull(name) != null);
        foreach (string name in windowed)
            stacked.Add(StackedColumn.Windowed(RequireVector(input, name, allowBool: true), options.WindowLengthFrames, builder, next++));
        foreach (string name in options.LabelColumnNames)
            stacked.Add(StackedColumn.Label(RequireLabel(input, name), options.LabelAggregation, builder, next++));
        return new WindowLayout(builder.ToSchema(), id, time, passThrough, stacked, options);
    }

    private static DataViewSchema.Column RequireVector(DataViewSchema input, string name, bool allowBool)
    {
        var column = input.GetColumnOrNull(name) ?? throw Missing(input, name,
            name == Xela.XelaColumnNames.JointAngles
                ? "joint angles (the joint stream is missing; leave JointAngles out of WindowedColumnNames for a fixed hand)"
                : "a per-frame vector column");
        if (column.Type is not VectorDataViewType { IsKnownSize: true } vector
            || !(vector.ItemType == NumberDataViewType.Single || (allowBool && vector.ItemType == BooleanDataViewType.Instance)))
            throw new ArgumentOutOfRangeException(nameof(input),
                $"Column '{name}' has type {column.Type}; expected a known-size float{(allowBool ? " or bool" : "")} vector per frame.");
        return column;
    }

    private static DataViewSchema.Column RequireLabel(DataViewSchema input, string name)
    {
        var column = input.GetColumnOrNull(name) ?? throw Missing(input, name, "a per-frame label (float or float vector)");
        if (column.Type == NumberDataViewType.Single) return column;
        return RequireVector(input, name, allowBool: false);
    }

    private static ArgumentOutOfRangeException Missing(DataViewSchema input, string name, string what) => new(nameof(input),
        $"Input column '{name}' not found; expected {what}. Available columns: {string.Join(", ", input.Select(c => c.Name))}.");
}
