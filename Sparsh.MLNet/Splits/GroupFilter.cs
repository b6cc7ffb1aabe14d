using Microsoft.ML;
using Microsoft.ML.Data;

namespace Sparsh.MLNet.Splits;

/// <summary>Keeps the rows whose group (a text column such as the recording or skin id) is in a given set.</summary>
internal static class GroupFilter
{
    private const string KeepColumn = "GroupFilterKeepRow";

    private sealed class GroupRow
    {
        public string Group { get; set; } = "";
    }

    private sealed class KeepRow
    {
        public float GroupFilterKeepRow { get; set; }
    }

    public static IDataView Keep(MLContext mlContext, IDataView data, string groupColumnName, IReadOnlySet<string> groups)
    {
        // ML.NET filters only by a numeric range, so the set test becomes a 0/1 column (in memory only: it is never saved).
        var input = SchemaDefinition.Create(typeof(GroupRow));
        input[0].ColumnName = groupColumnName;
        var flagged = mlContext.Transforms.CustomMapping<GroupRow, KeepRow>(
            (row, keep) => keep.GroupFilterKeepRow = groups.Contains(row.Group) ? 1 : 0, contractName: null, inputSchemaDefinition: input)
            .Fit(data).Transform(data);
        var kept = mlContext.Data.FilterRowsByColumn(flagged, KeepColumn, lowerBound: 0.5, upperBound: 1.5);
        return mlContext.Transforms.DropColumns(KeepColumn).Fit(kept).Transform(kept);
    }

    /// <summary>The distinct values of a text group column, in ordinal order.</summary>
    public static string[] Groups(IDataView data, string groupColumnName)
    {
        var column = data.Schema.GetColumnOrNull(groupColumnName)
            ?? throw new ArgumentOutOfRangeException(nameof(groupColumnName),
                $"Group column '{groupColumnName}' not found; split by a recording or skin id column. Available: {string.Join(", ", data.Schema.Select(c => c.Name))}.");
        if (column.Type is not TextDataViewType)
            throw new ArgumentOutOfRangeException(nameof(groupColumnName), $"Group column '{groupColumnName}' has type {column.Type}; expected text.");
        var groups = new HashSet<string>(StringComparer.Ordinal);
        using var cursor = data.GetRowCursor([column]);
        var getter = cursor.GetGetter<ReadOnlyMemory<char>>(column);
        var value = default(ReadOnlyMemory<char>);
        while (cursor.MoveNext())
        {
            getter(ref value);
            groups.Add(value.ToString());
        }
        return groups.Order(StringComparer.Ordinal).ToArray();
    }
}
