using System.Diagnostics.CodeAnalysis;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Sparsh.Transforms.Core;

/// <summary>
/// Reads known-size vector columns and refuses a row whose vector does not have the declared size. ML.NET does not
/// check this itself: <c>LoadFromEnumerable</c> passes an 11,000-value array through a column declared 11,040 wide, and
/// a reader copying it into a reused buffer would keep the previous row's last 40 values and shift later windows.
/// </summary>
internal static class KnownSizeVectors
{
    /// <summary>
    /// The getter of vector column <paramref name="column"/> over <paramref name="row"/>, checking each row's vector
    /// against the column's declared size (a column of unknown size is read unchecked).
    /// </summary>
    /// <remarks>The getter throws <see cref="InvalidDataException"/> naming the column, the row and both sizes.</remarks>
    public static ValueGetter<VBuffer<T>> GetGetter<T>(DataViewRow row, DataViewSchema.Column column)
    {
        ArgumentNullException.ThrowIfNull(row);
        var source = row.GetGetter<VBuffer<T>>(column);
        if (column.Type is not VectorDataViewType { IsKnownSize: true, Size: var size })
            return source;
        var name = column.Name;
        return (ref VBuffer<T> dst) =>
        {
            source(ref dst);
            Check(dst, name, row.Position, size);
        };
    }

    /// <summary>Throws unless <paramref name="values"/> holds <paramref name="expected"/> values.</summary>
    /// <param name="values">A row's vector.</param>
    /// <param name="columnName">Its column, named in the message.</param>
    /// <param name="row">Its row index, named in the message.</param>
    /// <param name="expected">The column's declared size.</param>
    /// <param name="recordingId">The row's recording, named in the message, or null.</param>
    /// <exception cref="InvalidDataException">The sizes differ.</exception>
    public static void Check<T>(in VBuffer<T> values, string columnName, long row, int expected, string? recordingId = null)
    {
        // Called per row on allocation-free paths: the message is only built when it is thrown.
        if (values.Length != expected) ThrowWrongSize(columnName, row, values.Length, expected, recordingId);
    }

    [DoesNotReturn]
    private static void ThrowWrongSize(string columnName, long row, int actual, int expected, string? recordingId) =>
        throw new InvalidDataException(
            $"Column '{columnName}', row {row}{(recordingId is null ? "" : $" (recording '{recordingId}')")}: {actual} values, expected {expected} as declared.");
}
