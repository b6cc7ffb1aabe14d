using System.Globalization;

namespace Sparsh.Transforms.Recordings;

/// <summary>
/// Reads a CSV stream file: a header row, then one sample per line — timestamp in seconds, then the values.
/// </summary>
/// <remarks>
/// A small streaming parser rather than <c>DataFrame.LoadCsv</c>: magnetic files have 1105 columns, and
/// LoadCsv infers a type per column from the text and boxes every cell on its way into a column, while this
/// reader parses each cell once, straight into the row-major float buffer, and can say which line and column
/// is wrong. Numbers use the invariant culture; <c>NaN</c> and <c>Infinity</c> are accepted as values (they are
/// flagged later), an empty cell is an error so a missing reading is never guessed.
/// </remarks>
public static class TimeSeriesCsv
{
    /// <summary>Reads <paramref name="path"/> into a stream.</summary>
    /// <param name="path">CSV file.</param>
    /// <param name="name">Stream name.</param>
    /// <param name="unit">Unit of the values.</param>
    /// <param name="expectedWidth">Required number of value columns; null to accept the header's.</param>
    /// <exception cref="InvalidDataException">The file is missing or malformed; the message names the file, line and column.</exception>
    public static TimeSeries Read(string path, string name, string unit, int? expectedWidth = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
            throw new InvalidDataException($"{path}: file not found.");
        using var reader = new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, new FileStreamOptions { BufferSize = 1 << 16 });

        string header = reader.ReadLine() ?? throw new InvalidDataException($"{path}: empty file; expected a header line.");
        var headerCells = header.Split(',').Select(c => c.Trim().Trim('"')).ToArray();
        int width = headerCells.Length - 1;
        if (width < 1 || (expectedWidth is int w && width != w))
            throw new InvalidDataException(
                $"{path} line 1: the header has {headerCells.Length} columns; expected {(expectedWidth is int e ? (e + 1).ToString(CultureInfo.InvariantCulture) : "at least 2")} (timestamp in seconds, then {(expectedWidth is int v ? $"{v} values" : "the values")}).");
        var channelNames = headerCells.Skip(1).Select((c, i) => c.Length > 0 ? c : $"c{i}").ToArray();

        var timestamps = new List<double>();
        var values = new List<float>();
        var row = new float[width];
        int lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0 || string.IsNullOrWhiteSpace(line)) continue;
            ReadOnlySpan<char> rest = line;
            double timestamp = 0;
            for (int column = 0; column <= width; column++)
            {
                int comma = rest.IndexOf(',');
                if (comma >= 0 == (column == width))
                    throw new InvalidDataException(
                        $"{path} line {lineNumber}: {CountCells(line)} columns; expected {width + 1} (timestamp + {width} values, as in the header).");
                var cell = (comma >= 0 ? rest[..comma] : rest).Trim();
                rest = comma >= 0 ? rest[(comma + 1)..] : [];
                if (column == 0)
                    timestamp = ParseTimestamp(cell, path, lineNumber, headerCells[0]);
                else
                    row[column - 1] = ParseValue(cell, path, lineNumber, column, channelNames[column - 1]);
            }
            if (timestamps.Count > 0 && !(timestamp > timestamps[^1]))
                throw new InvalidDataException(
                    $"{path} line {lineNumber}, column 1 ('{headerCells[0]}'): timestamp {TimestampCheck.Format(timestamp)} s is not after line {PreviousDataLine(lineNumber)} ({TimestampCheck.Format(timestamps[^1])} s).");
            timestamps.Add(timestamp);
            values.AddRange(row);
        }
        return new TimeSeries(name, width, timestamps.ToArray(), values.ToArray(), unit, channelNames);

        // Blank lines are skipped, so the previous sample is not always on the previous line; find it for the message.
        int PreviousDataLine(int current)
        {
            var lines = File.ReadLines(path).Take(current - 1).ToList();
            for (int i = lines.Count - 1; i >= 1; i--)
                if (!string.IsNullOrWhiteSpace(lines[i])) return i + 1;
            return current - 1;
        }
    }

    private static double ParseTimestamp(ReadOnlySpan<char> cell, string path, int line, string columnName)
    {
        if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds))
            throw new InvalidDataException($"{path} line {line}, column 1 ('{columnName}'): cannot parse '{cell}' as seconds.");
        if (!double.IsFinite(seconds))
            throw new InvalidDataException($"{path} line {line}, column 1 ('{columnName}'): timestamp '{cell}' is not a finite number of seconds.");
        return seconds;
    }

    private static float ParseValue(ReadOnlySpan<char> cell, string path, int line, int column, string columnName)
    {
        if (!float.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out float value))
            throw new InvalidDataException(
                $"{path} line {line}, column {column + 1} ('{columnName}'): cannot parse '{cell}' as a number{(cell.IsEmpty ? " (empty cell; write NaN for a missing reading)" : "")}.");
        return value;
    }

    private static int CountCells(string line) => line.AsSpan().Count(',') + 1;
}
