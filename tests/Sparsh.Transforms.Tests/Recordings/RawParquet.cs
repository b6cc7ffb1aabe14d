using Parquet;
using Parquet.Schema;

namespace Sparsh.Transforms.Tests.Recordings;

/// <summary>Writes Parquet files by hand with Parquet.Net's low-level API, to build files this library would never write.</summary>
internal static class RawParquet
{
    /// <summary>A file with a double timestamp column and a list&lt;float&gt; column whose rows may have any length.</summary>
    public static async Task WriteListsAsync(string path, double[] timestamps, float[][] rows, string valuesColumn = "values",
        Dictionary<string, string>? metadata = null, bool nullable = false)
    {
        DataField timeField = nullable ? new DataField<double?>("timestamp_s") : new DataField<double>("timestamp_s");
        var list = new ListField(valuesColumn, nullable ? new DataField<float?>("element") : new DataField<float>("element"));
        var schema = new ParquetSchema(timeField, list);
        var leaf = schema.GetDataFields()[1];
        var values = rows.SelectMany(r => r).ToArray();
        var repetition = rows.SelectMany(r => r.Select((_, i) => i == 0 ? 0 : 1)).ToArray();
        var definition = Enumerable.Repeat(leaf.MaxDefinitionLevel, values.Length).ToArray();

        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(schema, stream);
        if (metadata is not null) writer.CustomMetadata = metadata;
        using var group = writer.CreateRowGroup();
        if (nullable) await group.WriteAsync<double>(timeField, timestamps.Select(t => (double?)t).ToArray().AsMemory());
        else await group.WriteAsync<double>(timeField, timestamps.AsMemory());
        await group.WriteAllPartsAsync<float>(leaf, values, definition, repetition, default);
    }

    /// <summary>A list column whose element <paramref name="nullRow"/>/<paramref name="nullIndex"/> is null (optional elements, as pandas writes).</summary>
    public static async Task WriteWithNullElementAsync(string path, double[] timestamps, float[][] rows, int nullRow, int nullIndex)
    {
        var timeField = new DataField<double>("timestamp_s");
        var list = new ListField("values", new DataField<float?>("element"));
        var schema = new ParquetSchema(timeField, list);
        var leaf = schema.GetDataFields()[1];
        var values = new List<float>();
        var definition = new List<int>();
        var repetition = new List<int>();
        for (int r = 0; r < rows.Length; r++)
            for (int i = 0; i < rows[r].Length; i++)
            {
                repetition.Add(i == 0 ? 0 : 1);
                bool isNull = r == nullRow && i == nullIndex;
                definition.Add(isNull ? leaf.MaxDefinitionLevel - 1 : leaf.MaxDefinitionLevel);
                if (!isNull) values.Add(rows[r][i]);
            }
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(schema, stream);
        using var group = writer.CreateRowGroup();
        await group.WriteAsync<double>(timeField, timestamps.AsMemory());
        await group.WriteAllPartsAsync<float>(leaf, values.ToArray(), definition.ToArray(), repetition.ToArray(), default);
    }
}
