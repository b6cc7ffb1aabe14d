using Microsoft.ML;
using Microsoft.ML.Data;

namespace Sparsh.Transforms.Core;

/// <summary>Input-column checks whose messages name the column and what was expected.</summary>
internal static class SchemaChecks
{
    /// <summary>Returns the column, or throws naming the column and the expected fixed-size float vector.</summary>
    public static DataViewSchema.Column RequireFloatVector(DataViewSchema schema, string columnName, int expectedLength, string what)
    {
        var column = schema.GetColumnOrNull(columnName)
            ?? throw new ArgumentOutOfRangeException(nameof(columnName),
                $"Input column '{columnName}' not found; expected {what}: a float vector of length {expectedLength}. " +
                $"Available columns: {string.Join(", ", schema.Select(c => c.Name))}.");
        if (column.Type is not VectorDataViewType vector || vector.ItemType != NumberDataViewType.Single || vector.Size != expectedLength)
            throw new ArgumentOutOfRangeException(nameof(columnName),
                $"Input column '{columnName}' has type {column.Type}; expected {what}: a known-size float vector of length {expectedLength}.");
        return column;
    }

    /// <summary>
    /// Returns a float-vector column holding whole frames of <paramref name="valuesPerFrame"/> values (e.g. a window of
    /// 10 x 1104 magnetic counts) and its frame count, or throws naming the column and what was expected.
    /// </summary>
    public static (DataViewSchema.Column Column, int Frames) RequireFrames(DataViewSchema schema, string columnName, int valuesPerFrame, string what)
    {
        var column = schema.GetColumnOrNull(columnName)
            ?? throw new ArgumentOutOfRangeException(nameof(columnName), $"Input column '{columnName}' not found; expected {what}.");
        if (column.Type is not VectorDataViewType { IsKnownSize: true } vector || vector.ItemType != NumberDataViewType.Single
            || vector.Size % valuesPerFrame != 0)
            throw new ArgumentOutOfRangeException(nameof(columnName),
                $"Input column '{columnName}' has type {column.Type}; expected a known-size float vector whose length is a multiple of {valuesPerFrame}: {what}.");
        return (column, vector.Size / valuesPerFrame);
    }

    /// <summary>Shape-level twin of the schema overload for estimators' GetOutputSchema.</summary>
    public static void RequireFloatVector(SchemaShape shape, string columnName, string what)
    {
        if (!SchemaShapes.TryFind(shape, columnName, out var column))
            throw new ArgumentOutOfRangeException(nameof(columnName), $"Input column '{columnName}' not found; expected {what}.");
        if (column.Kind != SchemaShape.Column.VectorKind.Vector || column.ItemType != NumberDataViewType.Single)
            throw new ArgumentOutOfRangeException(nameof(columnName),
                $"Input column '{columnName}' is {column.Kind} of {column.ItemType}; expected {what}: a known-size float vector.");
    }
}
