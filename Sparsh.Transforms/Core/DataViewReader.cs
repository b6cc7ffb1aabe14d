using Microsoft.ML;
using Microsoft.ML.Data;

namespace Sparsh.Transforms.Core;

/// <summary>Reads fixed-size float vector columns of a view into contiguous row-major arrays (one batch array, not one per row).</summary>
public static class DataViewReader
{
    /// <summary>Reads all rows of the given float-vector (or float scalar) columns; returns row count and one flat array per column.</summary>
    public static (int Rows, float[][] Values) ReadFloatColumns(IDataView view, params string[] columnNames)
    {
        var columns = columnNames.Select(name => view.Schema.GetColumnOrNull(name)
            ?? throw new ArgumentOutOfRangeException(nameof(columnNames), $"Column '{name}' not found in the input view.")).ToArray();
        var widths = columns.Select(c => c.Type switch
        {
            VectorDataViewType { IsKnownSize: true, ItemType: var item } v when item == NumberDataViewType.Single => v.Size,
            var t when t == NumberDataViewType.Single => 1,
            var t => throw new ArgumentOutOfRangeException(nameof(columnNames),
                $"Column '{c.Name}' has type {t}; expected a float or a known-size float vector."),
        }).ToArray();
        var lists = columns.Select(_ => new List<float>()).ToArray();
        using var cursor = view.GetRowCursor(columns);
        var getters = columns.Select((c, i) => widths[i] == 1 && c.Type is not VectorDataViewType
            ? ScalarAsVector(cursor.GetGetter<float>(c))
            : KnownSizeVectors.GetGetter<float>(cursor, c)).ToArray();
        var buffer = default(VBuffer<float>);
        int rows = 0;
        while (cursor.MoveNext())
        {
            for (int i = 0; i < columns.Length; i++)
            {
                getters[i](ref buffer);
                foreach (float value in buffer.DenseValues())
                {
                    if (!float.IsFinite(value))
                        throw new InvalidDataException($"Column '{columns[i].Name}', row {rows}: value {value} is not finite.");
                    lists[i].Add(value);
                }
            }
            rows++;
        }
        return (rows, lists.Select(l => l.ToArray()).ToArray());
    }

    /// <summary>Reads a text column (e.g. recording ids) as strings, one per row.</summary>
    public static string[] ReadTextColumn(IDataView view, string columnName)
    {
        var column = view.Schema.GetColumnOrNull(columnName)
            ?? throw new ArgumentOutOfRangeException(nameof(columnName), $"Column '{columnName}' not found in the input view.");
        if (column.Type is not TextDataViewType)
            throw new ArgumentOutOfRangeException(nameof(columnName), $"Column '{columnName}' has type {column.Type}; expected text.");
        var values = new List<string>();
        using var cursor = view.GetRowCursor([column]);
        var getter = cursor.GetGetter<ReadOnlyMemory<char>>(column);
        ReadOnlyMemory<char> value = default;
        while (cursor.MoveNext())
        {
            getter(ref value);
            values.Add(value.ToString());
        }
        return values.ToArray();
    }

    /// <summary>A float getter seen as a one-value vector getter (scalar labels treated like vector ones).</summary>
    public static ValueGetter<VBuffer<float>> ScalarAsVector(ValueGetter<float> getter)
    {
        float value = 0;
        return (ref VBuffer<float> dst) =>
        {
            getter(ref value);
            var editor = VBufferEditor.Create(ref dst, 1);
            editor.Values[0] = value;
            dst = editor.Commit();
        };
    }
}
