using Microsoft.Data.Analysis;

namespace Sparsh.Transforms.Recordings;

/// <summary>
/// One sampled stream on its own clock: <see cref="Count"/> rows of <see cref="Width"/> values each,
/// with strictly increasing timestamps in seconds.
/// </summary>
public sealed class TimeSeries
{
    /// <summary>Creates a stream and checks that its shape and clock are consistent.</summary>
    /// <param name="name">Stream name used in messages and files (e.g. "magnetic", "joints", "force").</param>
    /// <param name="width">Values per sample.</param>
    /// <param name="timestampsSeconds">Sample times in seconds; finite and strictly increasing.</param>
    /// <param name="values">Row-major samples, <c>Count x Width</c>. Not copied.</param>
    /// <param name="unit">Unit of the values, e.g. "counts", "rad", "N".</param>
    /// <param name="channelNames">Optional name per value column (<paramref name="width"/> entries).</param>
    /// <exception cref="ArgumentException">The shape or the timestamps are inconsistent; the message names the stream and row.</exception>
    public TimeSeries(string name, int width, double[] timestampsSeconds, float[] values, string unit, IReadOnlyList<string>? channelNames = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(timestampsSeconds);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(unit);
        if (width < 1)
            throw new ArgumentOutOfRangeException(nameof(width), width, $"stream '{name}': width must be at least 1.");
        if ((long)timestampsSeconds.Length * width != values.Length)
            throw new ArgumentException(
                $"stream '{name}': {values.Length} values do not fill {timestampsSeconds.Length} rows of width {width} (expected {(long)timestampsSeconds.Length * width}).",
                nameof(values));
        if (channelNames is not null && channelNames.Count != width)
            throw new ArgumentException($"stream '{name}': {channelNames.Count} channel names for width {width}.", nameof(channelNames));

        int bad = TimestampCheck.FindProblem(timestampsSeconds, row => $"row {row}", out string problem);
        if (bad >= 0)
            throw new ArgumentException($"stream '{name}' row {bad}: {problem}.", nameof(timestampsSeconds));

        Name = name;
        Width = width;
        TimestampsSeconds = timestampsSeconds;
        Values = values;
        Unit = unit;
        ChannelNames = channelNames;
    }

    /// <summary>Stream name, e.g. "magnetic", "joints" or a label name.</summary>
    public string Name { get; }

    /// <summary>Values per sample.</summary>
    public int Width { get; }

    /// <summary>Sample times in seconds (strictly increasing).</summary>
    public double[] TimestampsSeconds { get; }

    /// <summary>Samples, row-major <c>Count x Width</c>.</summary>
    public float[] Values { get; }

    /// <summary>Number of samples.</summary>
    public int Count => TimestampsSeconds.Length;

    /// <summary>Unit of the values ("counts", "rad", "N", ...).</summary>
    public string Unit { get; }

    /// <summary>Optional name per value column.</summary>
    public IReadOnlyList<string>? ChannelNames { get; }

    /// <summary>First timestamp in seconds (NaN for an empty stream).</summary>
    public double StartSeconds => Count > 0 ? TimestampsSeconds[0] : double.NaN;

    /// <summary>Last timestamp in seconds (NaN for an empty stream).</summary>
    public double EndSeconds => Count > 0 ? TimestampsSeconds[^1] : double.NaN;

    /// <summary>The values of one sample.</summary>
    public ReadOnlySpan<float> Row(int index) => Values.AsSpan(index * Width, Width);

    /// <summary>Name of value column <paramref name="channel"/>: from <see cref="ChannelNames"/>, else "c{channel}".</summary>
    public string ChannelName(int channel) => ChannelNames?[channel] ?? $"c{channel}";

    /// <summary>
    /// A DataFrame with a <c>timestamp_s</c> (double) column and one float column per channel,
    /// named from <see cref="ChannelNames"/> or <c>c0, c1, ...</c>.
    /// </summary>
    public DataFrame ToDataFrame()
    {
        var columns = new List<DataFrameColumn>(Width + 1) { new DoubleDataFrameColumn(RecordingFormat.TimestampColumn, TimestampsSeconds) };
        var channel = new float[Count];
        for (int c = 0; c < Width; c++)
        {
            string columnName = ChannelName(c);
            if (columnName == RecordingFormat.TimestampColumn)
                throw new InvalidOperationException($"stream '{Name}': channel {c} is named '{columnName}', which is the timestamp column's name.");
            for (int r = 0; r < channel.Length; r++) channel[r] = Values[r * Width + c];
            columns.Add(new SingleDataFrameColumn(columnName, channel));
        }
        return new DataFrame(columns);
    }

    /// <summary>
    /// Builds a stream from a DataFrame: one numeric timestamp column in seconds and numeric value columns.
    /// </summary>
    /// <param name="dataFrame">Source table.</param>
    /// <param name="name">Stream name.</param>
    /// <param name="unit">Unit of the values.</param>
    /// <param name="timestampColumn">Column holding seconds.</param>
    /// <param name="valueColumns">Value columns in order; default: every other column in table order.</param>
    /// <exception cref="ArgumentException">A column is missing, not numeric, or holds a null; the message names column and row.</exception>
    public static TimeSeries FromDataFrame(DataFrame dataFrame, string name, string unit,
        string timestampColumn = RecordingFormat.TimestampColumn, IReadOnlyList<string>? valueColumns = null)
    {
        ArgumentNullException.ThrowIfNull(dataFrame);
        var timeColumn = FindColumn(dataFrame, timestampColumn, name);
        var names = valueColumns ?? dataFrame.Columns.Select(c => c.Name).Where(n => n != timestampColumn).ToList();
        if (names.Count == 0)
            throw new ArgumentException($"stream '{name}': the DataFrame has no value columns besides '{timestampColumn}'.", nameof(dataFrame));

        long rows = dataFrame.Rows.Count;
        var timestamps = new double[rows];
        for (long r = 0; r < rows; r++) timestamps[r] = ToDouble(timeColumn[r], timeColumn.Name, r, name);

        int width = names.Count;
        var values = new float[rows * width];
        for (int c = 0; c < width; c++)
        {
            var column = FindColumn(dataFrame, names[c], name);
            for (long r = 0; r < rows; r++) values[r * width + c] = (float)ToDouble(column[r], column.Name, r, name);
        }
        return new TimeSeries(name, width, timestamps, values, unit, names.ToArray());
    }

    private static DataFrameColumn FindColumn(DataFrame dataFrame, string columnName, string stream)
    {
        var column = dataFrame.Columns.FirstOrDefault(c => c.Name == columnName)
            ?? throw new ArgumentException($"stream '{stream}': column '{columnName}' not found; columns are {string.Join(", ", dataFrame.Columns.Select(c => $"'{c.Name}'"))}.");
        if (!IsNumeric(column.DataType))
            throw new ArgumentException($"stream '{stream}': column '{columnName}' holds {column.DataType.Name}; expected numbers.");
        return column;
    }

    private static bool IsNumeric(Type type) => type == typeof(float) || type == typeof(double) || type == typeof(int) || type == typeof(long)
        || type == typeof(short) || type == typeof(byte) || type == typeof(uint) || type == typeof(ulong) || type == typeof(ushort)
        || type == typeof(sbyte) || type == typeof(decimal);

    private static double ToDouble(object? cell, string column, long row, string stream) => cell is null
        ? throw new ArgumentException($"stream '{stream}': column '{column}' row {row} is null.")
        : Convert.ToDouble(cell, System.Globalization.CultureInfo.InvariantCulture);
}
