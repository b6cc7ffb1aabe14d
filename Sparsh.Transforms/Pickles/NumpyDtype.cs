namespace Sparsh.Transforms.Pickles;

/// <summary>
/// A plain numeric numpy dtype: kind ('f' float, 'i' signed, 'u' unsigned, 'b' bool), item size in bytes and byte order.
/// </summary>
/// <param name="Kind">'f' float, 'i' signed integer, 'u' unsigned integer, 'b' bool.</param>
/// <param name="ItemSize">Bytes per element.</param>
/// <param name="LittleEndian">Byte order of the elements.</param>
internal sealed record NumpyDtype(char Kind, int ItemSize, bool LittleEndian)
{
    /// <summary>
    /// Parses a numpy type string as pickled by <c>numpy.dtype(str, align, copy)</c> ("f8", "i4", "u2", "b1", "?").
    /// Byte order comes later, from the dtype's pickled state.
    /// </summary>
    /// <returns>null when the string names a type that is not a plain number (object "O8", strings, records, ...).</returns>
    public static NumpyDtype? FromTypeString(string text)
    {
        if (text == "?") return new('b', 1, true);
        if (text.Length < 2 || !int.TryParse(text.AsSpan(1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int size))
            return null;
        return (text[0], size) switch
        {
            ('f', 2 or 4 or 8) or ('i', 1 or 2 or 4 or 8) or ('u', 1 or 2 or 4 or 8) or ('b', 1) => new(text[0], size, true),
            _ => null,
        };
    }

    /// <summary>Numpy's spelling, e.g. "&lt;f8".</summary>
    public override string ToString() => $"{(ItemSize == 1 ? '|' : LittleEndian ? '<' : '>')}{Kind}{ItemSize}";
}
