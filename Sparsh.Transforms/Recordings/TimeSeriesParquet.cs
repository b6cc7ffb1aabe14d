using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Parquet;
using Parquet.Data;
using Parquet.Schema;
using Sparsh.Transforms.Core;

namespace Sparsh.Transforms.Recordings;

/// <summary>
/// Reads and writes one <see cref="TimeSeries"/> as a Parquet file: a <c>timestamp_s</c> double column,
/// a <c>values</c> list&lt;float&gt; column (Width entries per row) and key-value metadata
/// (stream name, width, unit, channel names) — a layout pandas and pyarrow read directly.
/// </summary>
/// <remarks>
/// Files written here carry a SHA-256 of their timestamps and values in the metadata (<see cref="RecordingFormat.ChecksumKey"/>),
/// checked on read: Parquet.Net does not verify page checksums, so without it a corrupted value page would load silently.
/// Files without the key (written before it existed, or by other tools such as pandas) still load, unchecked.
/// </remarks>
public static class TimeSeriesParquet
{
    // ~16 MB of float values per row group: large enough for fast scans, small enough that a long
    // recording is not one giant page set (every reader has to hold a whole row group's column chunk).
    private const int ValuesPerRowGroup = 4 << 20;

    /// <summary>Writes <paramref name="series"/> to <paramref name="path"/>, replacing an existing file.</summary>
    public static void Write(TimeSeries series, string path) => WriteAsync(series, path).GetAwaiter().GetResult();

    /// <summary>Reads a stream written by <see cref="Write"/> (or any file with the documented columns).</summary>
    /// <exception cref="InvalidDataException">
    /// The file is missing, unreadable, truncated or not in the documented layout (its framing and footer are checked
    /// before Parquet.Net parses them), or its content does not match its checksum; the message names the file and the
    /// column and row (or 'footer', 'checksum').
    /// </exception>
    public static TimeSeries Read(string path) => ReadAsync(path).GetAwaiter().GetResult();

    /// <inheritdoc cref="Write"/>
    public static async Task WriteAsync(TimeSeries series, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var timestampField = new DataField<double>(RecordingFormat.TimestampColumn);
        var schema = new ParquetSchema(timestampField, new ListField(RecordingFormat.ValuesColumn, new DataField<float>("element")));
        var leaf = schema.GetDataFields()[1];

        int width = series.Width;
        int rowsPerGroup = Math.Max(1, ValuesPerRowGroup / width);
        // Every row is a non-empty list of non-null floats, so the levels are the same pattern for
        // every row group: definition = max everywhere, repetition = 0 at each row start.
        int levelCount = Math.Min(rowsPerGroup, Math.Max(series.Count, 1)) * width;
        var definition = new int[levelCount];
        Array.Fill(definition, leaf.MaxDefinitionLevel);
        var repetition = new int[levelCount];
        for (int i = 0; i < levelCount; i++) repetition[i] = i % width == 0 ? 0 : 1;

        // Write next to the target, flush to disk and move into place, so a crash never leaves a half-written file under the real name.
        await AtomicFile.WriteAsync(path, path + ".partial",
            (stream, token) => WriteFileAsync(series, stream, schema, timestampField, leaf, rowsPerGroup, definition, repetition, token), cancellationToken);
    }

    private static async Task WriteFileAsync(TimeSeries series, Stream stream, ParquetSchema schema, DataField timestampField, DataField leaf,
        int rowsPerGroup, int[] definition, int[] repetition, CancellationToken cancellationToken)
    {
        int width = series.Width;
        await using var writer = await ParquetWriter.CreateAsync(schema, stream, cancellationToken: cancellationToken);
        writer.CustomMetadata = Metadata(series);
        int start = 0;
        do   // an empty stream still gets one (empty) row group, so the file has its schema and metadata
        {
            int rows = Math.Min(rowsPerGroup, series.Count - start);
            using var group = writer.CreateRowGroup();
            await group.WriteAsync<double>(timestampField, series.TimestampsSeconds.AsMemory(start, rows), cancellationToken: cancellationToken);
            int n = rows * width;
            await group.WriteAllPartsAsync<float>(leaf, series.Values.AsMemory(start * width, n), definition.AsMemory(0, n), repetition.AsMemory(0, n), cancellationToken);
            start += rowsPerGroup;
        }
        while (start < series.Count);
    }

    /// <inheritdoc cref="Read"/>
    /// <param name="path">Parquet file.</param>
    /// <param name="expectedWidth">Width the caller requires (e.g. from recording.json); null to take it from the file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<TimeSeries> ReadAsync(string path, int? expectedWidth = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
            throw new InvalidDataException($"{path}: file not found.");

        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        // Parquet.Net 6.1 can spin without end on a footer or page header damaged so that it reads past its end:
        // check the framing and footer first, and let every later read past the end of the file fail instead.
        await ParquetFooterCheck.CheckAsync(file, path, cancellationToken);
        var stream = new EndOfStreamGuard(file, path);
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(stream, leaveStreamOpen: true, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new InvalidDataException($"{path}: the Parquet footer (schema and metadata) cannot be read; the file is corrupt ({e.GetType().Name}: {e.Message}).", e);
        }
        await using (reader)
        {
            // The schema and metadata are decoded from the footer on first use; a damaged footer fails there.
            ParquetSchema schema;
            Dictionary<string, string> metadata;
            try
            {
                schema = reader.Schema;
                metadata = reader.CustomMetadata ?? [];
                _ = reader.RowGroups.Count;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new InvalidDataException($"{path}: the Parquet footer (schema and metadata) cannot be read; the file is corrupt ({e.GetType().Name}: {e.Message}).", e);
            }
            string? storedChecksum = ParseChecksum(metadata, path);
            var (timestampField, valuesField) = FindColumns(schema, path);
            int? metadataWidth = ParseWidth(metadata, path);
            if (expectedWidth is int w && metadataWidth is int m && w != m)
                throw new InvalidDataException($"{path}: metadata '{RecordingFormat.WidthKey}' is {m}, expected {w}.");
            int? width = expectedWidth ?? metadataWidth;

            // Row counts come from the footer: bound each before anything is allocated or summed (a damaged one can be negative or huge).
            long totalRows = 0;
            for (int g = 0; g < reader.RowGroups.Count; g++)
            {
                long groupRows = reader.RowGroups[g].RowCount;
                if (groupRows < 0 || groupRows > Array.MaxLength)
                    throw new InvalidDataException($"{path}: the footer declares {groupRows} rows in row group {g}; expected 0 to {Array.MaxLength}. The footer is damaged.");
                totalRows += groupRows;
            }
            if (totalRows * (long)(width ?? 1) > Array.MaxLength)
                throw new InvalidDataException($"{path}: {totalRows} rows are too many for one in-memory stream.");
            var timestamps = new double[totalRows];
            float[]? values = width is int known ? new float[totalRows * known] : null;
            int rowBase = 0;
            foreach (var group in reader.RowGroups)
            {
                int rows = checked((int)group.RowCount);
                await ReadTimestampsAsync(group, timestampField, timestamps.AsMemory(rowBase, rows), rowBase, path, cancellationToken);
                using var raw = await ReadColumnAsync(group, valuesField, RecordingFormat.ValuesColumn, rowBase, rows, path, cancellationToken);
                width ??= FirstRowLength(raw.RepetitionLevels, path);
                values ??= new float[totalRows * width.Value];
                CopyLists(raw, valuesField.MaxDefinitionLevel, width.Value, values.AsSpan(rowBase * width.Value, rows * width.Value), rowBase, rows, path);
                rowBase += rows;
            }

            // As for an empty column without the width key (FirstRowLength): a file with no row group at all cannot tell
            // its width either, and a footer that lost its row groups and metadata must not load as an empty stream.
            if (width is null)
                throw new InvalidDataException($"{path}: the file has no row groups and metadata '{RecordingFormat.WidthKey}' is missing; cannot tell the width.");

            if (storedChecksum is not null)
            {
                string computed = Checksum(metadata, timestamps, values ?? []);
                if (computed != storedChecksum)
                    throw new InvalidDataException(
                        $"{path}: the SHA-256 checksum of its metadata, timestamps and values is {computed} but metadata '{RecordingFormat.ChecksumKey}' records " +
                        $"{storedChecksum}; the file is corrupt.");
            }

            string name = metadata.TryGetValue(RecordingFormat.StreamKey, out var n) && !string.IsNullOrWhiteSpace(n) ? n : StreamNameFromFile(path);
            string unit = metadata.TryGetValue(RecordingFormat.UnitKey, out var u) ? u : "";
            var channels = ParseChannels(metadata, width.Value, path);
            try
            {
                return new TimeSeries(name, width.Value, timestamps, values ?? [], unit, channels);
            }
            catch (ArgumentException e)
            {
                throw new InvalidDataException($"{path}: column '{RecordingFormat.TimestampColumn}': {e.Message}", e);
            }
        }
    }

    private static Dictionary<string, string> Metadata(TimeSeries series)
    {
        var metadata = new Dictionary<string, string>
        {
            [RecordingFormat.StreamKey] = series.Name,
            [RecordingFormat.WidthKey] = series.Width.ToString(CultureInfo.InvariantCulture),
            [RecordingFormat.UnitKey] = series.Unit,
            [RecordingFormat.VersionKey] = RecordingFormat.Version.ToString(CultureInfo.InvariantCulture),
        };
        if (series.ChannelNames is not null)
            metadata[RecordingFormat.ChannelsKey] = JsonSerializer.Serialize(series.ChannelNames);
        metadata[RecordingFormat.ChecksumKey] = Checksum(metadata, series.TimestampsSeconds, series.Values);
        return metadata;
    }

    /// <summary>
    /// SHA-256 (lower-case hex) of the other metadata entries (ordinal key order, "key=value\n" in UTF-8), then the
    /// timestamps' and the values' little-endian bytes: the stream's name, unit and channels are guarded with its data.
    /// </summary>
    private static string Checksum(IReadOnlyDictionary<string, string> metadata, double[] timestamps, float[] values)
    {
        // The in-memory bytes are the little-endian IEEE bytes on every platform .NET runs this library on.
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("Recording checksums are defined on little-endian bytes.");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (key, value) in metadata.Where(e => e.Key != RecordingFormat.ChecksumKey).OrderBy(e => e.Key, StringComparer.Ordinal))
            hash.AppendData(Encoding.UTF8.GetBytes($"{key}={value}\n"));
        hash.AppendData(MemoryMarshal.AsBytes(timestamps.AsSpan()));
        hash.AppendData(MemoryMarshal.AsBytes(values.AsSpan()));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static string? ParseChecksum(IReadOnlyDictionary<string, string> metadata, string path)
    {
        if (!metadata.TryGetValue(RecordingFormat.ChecksumKey, out var text)) return null;   // an older or foreign file: loads unchecked
        if (text.Length != 2 * SHA256.HashSizeInBytes || !text.All(char.IsAsciiHexDigitLower))
            throw new InvalidDataException($"{path}: metadata '{RecordingFormat.ChecksumKey}' is '{text}'; expected a checksum of {2 * SHA256.HashSizeInBytes} lower-case hex digits.");
        return text;
    }

    private static (DataField Timestamp, DataField Values) FindColumns(ParquetSchema schema, string path)
    {
        string found = string.Join(", ", schema.Fields.Select(f => $"'{f.Name}'"));
        string expected = $"expected columns '{RecordingFormat.TimestampColumn}' (double) and '{RecordingFormat.ValuesColumn}' (list<float>); found {found}";
        var timestamp = schema.Fields.FirstOrDefault(f => f.Name == RecordingFormat.TimestampColumn)
            ?? throw new InvalidDataException($"{path}: column '{RecordingFormat.TimestampColumn}' not found; {expected}.");
        if (timestamp is not DataField { ClrType: var timeType, MaxRepetitionLevel: 0 } timeField || timeType != typeof(double))
            throw new InvalidDataException($"{path}: column '{RecordingFormat.TimestampColumn}' is {Describe(timestamp)}; {expected}.");
        var list = schema.Fields.FirstOrDefault(f => f.Name == RecordingFormat.ValuesColumn)
            ?? throw new InvalidDataException($"{path}: column '{RecordingFormat.ValuesColumn}' not found; {expected}.");
        // Float lists are what this library writes; double lists are what pandas writes from float64 arrays, so accept both.
        if (list is not ListField { Item: DataField { ClrType: var itemType } item } || (itemType != typeof(float) && itemType != typeof(double)))
            throw new InvalidDataException($"{path}: column '{RecordingFormat.ValuesColumn}' is {Describe(list)}; {expected}.");
        return (timeField, item);
    }

    private static string Describe(Field field) => field switch
    {
        ListField { Item: DataField d } => $"list<{d.ClrType.Name}>",
        ListField => "a list of structures",
        DataField { MaxRepetitionLevel: > 0 } d => $"repeated {d.ClrType.Name}",
        DataField d => d.ClrType.Name,
        _ => field.SchemaType.ToString(),
    };

    // A damaged page makes Parquet.Net throw whatever its decoder meets (its own InvalidDataException, an
    // IndexOutOfRangeException, ...) without the file's name; say which file, column and rows.
    private static async Task<RawColumnData> ReadColumnAsync(ParquetRowGroupReader group, DataField field, string column, int rowBase, int rows,
        string path, CancellationToken cancellationToken)
    {
        try
        {
            return await group.ReadRawColumnDataBaseAsync(field, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new InvalidDataException(
                $"{path}: column '{column}' rows {rowBase} to {rowBase + rows - 1} cannot be read; the file is corrupt or truncated ({e.GetType().Name}: {e.Message}).", e);
        }
    }

    private static async Task ReadTimestampsAsync(ParquetRowGroupReader group, DataField field, Memory<double> destination, int rowBase, string path, CancellationToken cancellationToken)
    {
        using var raw = await ReadColumnAsync(group, field, RecordingFormat.TimestampColumn, rowBase, destination.Length, path, cancellationToken);
        var values = ((RawColumnData<double>)raw).Values;
        if (field.MaxDefinitionLevel > 0)
        {
            // An optional column (as pandas writes): any null is an error, not a silent NaN.
            var definition = raw.DefinitionLevels;
            for (int r = 0; r < definition.Length; r++)
                if (definition[r] < field.MaxDefinitionLevel)
                    throw new InvalidDataException($"{path}: column '{RecordingFormat.TimestampColumn}' row {rowBase + r} is null.");
        }
        if (values.Length != destination.Length)
            throw new InvalidDataException($"{path}: column '{RecordingFormat.TimestampColumn}' has {values.Length} values in a row group of {destination.Length} rows.");
        values.CopyTo(destination.Span);
    }

    private static int FirstRowLength(ReadOnlySpan<int> repetition, string path)
    {
        if (repetition.Length == 0)
            throw new InvalidDataException($"{path}: column '{RecordingFormat.ValuesColumn}' is empty and metadata '{RecordingFormat.WidthKey}' is missing; cannot tell the width.");
        int length = 1;
        while (length < repetition.Length && repetition[length] != 0) length++;
        return length;
    }

    /// <summary>Copies one row group's list column into a dense row-major block, checking every row's length.</summary>
    private static void CopyLists(RawColumnData raw, int maxDefinition, int width, Span<float> destination, int rowBase, int rows, string path)
    {
        var repetition = raw.RepetitionLevels;
        var definition = raw.DefinitionLevels;
        ReadOnlySpan<float> floats = raw is RawColumnData<float> f ? f.Values : default;
        ReadOnlySpan<double> doubles = raw is RawColumnData<double> d ? d.Values : default;
        bool isFloat = raw is RawColumnData<float>;

        if (IsDense(repetition, definition, maxDefinition, width, rows))
        {
            // Every row is a full list of non-null values (what this library writes): copy in one block.
            if (isFloat) floats.CopyTo(destination);
            else for (int i = 0; i < destination.Length; i++) destination[i] = (float)doubles[i];
            return;
        }

        // Slow path: walk the levels to find and name the first offending row.
        int row = -1, inRow = 0, valueIndex = 0;
        for (int i = 0; i < repetition.Length; i++)
        {
            if (repetition[i] == 0)
            {
                if (row >= 0) CheckRowLength(inRow, width, rowBase + row, path);
                row++;
                inRow = 0;
                if (row >= rows)
                    throw new InvalidDataException($"{path}: column '{RecordingFormat.ValuesColumn}' has more rows than the row group's {rows}.");
            }
            if (definition[i] < maxDefinition)
                throw new InvalidDataException($"{path}: column '{RecordingFormat.ValuesColumn}' row {rowBase + row} is null, empty or holds a null; expected {width} numbers.");
            if (inRow < width)
                destination[row * width + inRow] = isFloat ? floats[valueIndex] : (float)doubles[valueIndex];
            valueIndex++;
            inRow++;
        }
        if (row >= 0) CheckRowLength(inRow, width, rowBase + row, path);
        if (row + 1 != rows)
            throw new InvalidDataException($"{path}: column '{RecordingFormat.ValuesColumn}' has {row + 1} rows in a row group of {rows}.");
    }

    private static bool IsDense(ReadOnlySpan<int> repetition, ReadOnlySpan<int> definition, int maxDefinition, int width, int rows)
    {
        if (repetition.Length != (long)rows * width || definition.ContainsAnyExcept(maxDefinition)) return false;
        for (int start = 0; start < repetition.Length; start += width)
            if (repetition[start] != 0 || repetition.Slice(start + 1, width - 1).ContainsAnyExcept(1)) return false;
        return true;
    }

    private static void CheckRowLength(int length, int width, int row, string path)
    {
        if (length != width)
            throw new InvalidDataException($"{path}: column '{RecordingFormat.ValuesColumn}' row {row} has {length} values; expected {width}.");
    }

    private static int? ParseWidth(IReadOnlyDictionary<string, string> metadata, string path)
    {
        if (!metadata.TryGetValue(RecordingFormat.WidthKey, out var text)) return null;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int width) && width > 0
            ? width
            : throw new InvalidDataException($"{path}: metadata '{RecordingFormat.WidthKey}' is '{text}'; expected a positive integer.");
    }

    private static string[]? ParseChannels(IReadOnlyDictionary<string, string> metadata, int width, string path)
    {
        if (!metadata.TryGetValue(RecordingFormat.ChannelsKey, out var json)) return null;
        string[]? names;
        try
        {
            names = JsonSerializer.Deserialize<string[]>(json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: metadata '{RecordingFormat.ChannelsKey}' is not a JSON array of strings ({e.Message}).", e);
        }
        if (names is null || names.Length != width || names.Any(string.IsNullOrEmpty))
            throw new InvalidDataException($"{path}: metadata '{RecordingFormat.ChannelsKey}' has {names?.Length ?? 0} names; expected {width} non-empty names.");
        return names;
    }

    private static string StreamNameFromFile(string path)
    {
        string name = Path.GetFileNameWithoutExtension(path);
        return name.StartsWith(RecordingFormat.LabelFilePrefix, StringComparison.Ordinal) ? name[RecordingFormat.LabelFilePrefix.Length..] : name;
    }
}
