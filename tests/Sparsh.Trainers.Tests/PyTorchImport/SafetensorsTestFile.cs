using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sparsh.Trainers.Tests.PyTorchImport;

/// <summary>
/// A minimal safetensors reader and writer of the tests' own (float32 and int64 only), independent of the library's
/// PyBridge path: it reads the fixtures' inputs and outputs and writes damaged copies of the fixture checkpoints.
/// </summary>
internal static class SafetensorsTestFile
{
    public sealed record Entry(string DType, long[] Shape, byte[] Data)
    {
        public float[] Floats() => DType == "F32" ? MemoryMarshalFloats(Data) : throw new InvalidOperationException($"{DType} is not F32.");

        public long[] Longs() => DType == "I64"
            ? Enumerable.Range(0, Data.Length / 8).Select(i => BitConverter.ToInt64(Data, 8 * i)).ToArray()
            : throw new InvalidOperationException($"{DType} is not I64.");

        private static float[] MemoryMarshalFloats(byte[] data)
        {
            var values = new float[data.Length / 4];
            Buffer.BlockCopy(data, 0, values, 0, data.Length);
            return values;
        }
    }

    public static Dictionary<string, Entry> Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        int headerLength = (int)BitConverter.ToUInt64(bytes, 0);
        var header = JsonNode.Parse(Encoding.UTF8.GetString(bytes, 8, headerLength))!.AsObject();
        var entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        foreach (var (name, node) in header)
        {
            if (name == "__metadata__") continue;
            var offsets = node!["data_offsets"]!.AsArray().Select(o => o!.GetValue<long>()).ToArray();
            var data = bytes.AsSpan(8 + headerLength + (int)offsets[0], (int)(offsets[1] - offsets[0])).ToArray();
            entries[name] = new Entry(node["dtype"]!.GetValue<string>(), node["shape"]!.AsArray().Select(s => s!.GetValue<long>()).ToArray(), data);
        }
        return entries;
    }

    public static void Write(string path, IReadOnlyDictionary<string, Entry> entries)
    {
        var header = new JsonObject();
        long offset = 0;
        foreach (var (name, entry) in entries)
        {
            header[name] = new JsonObject
            {
                ["dtype"] = entry.DType,
                ["shape"] = new JsonArray(entry.Shape.Select(s => (JsonNode)s).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + entry.Data.Length),
            };
            offset += entry.Data.Length;
        }
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        using var stream = File.Create(path);
        stream.Write(BitConverter.GetBytes((ulong)json.Length));
        stream.Write(json);
        foreach (var entry in entries.Values) stream.Write(entry.Data);
    }

    public static Entry Floats(long[] shape, float value) =>
        new("F32", shape, Enumerable.Repeat(value, (int)shape.Aggregate(1L, (a, b) => a * b)).SelectMany(BitConverter.GetBytes).ToArray());
}
