using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Checkpoints;

/// <summary>Named float32 tensors in a binary stream: count, then name, shape and values of each.</summary>
public static class TensorFile
{
    /// <summary>Writes the tensors (moved to the CPU).</summary>
    public static void Write(BinaryWriter writer, IReadOnlyDictionary<string, Tensor> tensors)
    {
        writer.Write(tensors.Count);
        foreach (var (name, tensor) in tensors.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            writer.Write(name);
            writer.Write(tensor.shape.Length);
            foreach (long dim in tensor.shape) writer.Write(dim);
            using var cpu = tensor.detach().cpu().to_type(ScalarType.Float32).contiguous();
            foreach (float value in cpu.data<float>()) writer.Write(value);
        }
    }

    /// <summary>Reads tensors written by <see cref="Write"/> into existing tensors of the same names and shapes.</summary>
    public static void ReadInto(BinaryReader reader, IReadOnlyDictionary<string, Tensor> targets, string source)
    {
        int count = reader.ReadInt32();
        if (count != targets.Count)
            throw new InvalidDataException($"'{source}' holds {count} tensors; the model has {targets.Count}.");
        using var noGrad = no_grad();
        for (int i = 0; i < count; i++)
        {
            string name = reader.ReadString();
            var shape = new long[reader.ReadInt32()];
            for (int d = 0; d < shape.Length; d++) shape[d] = reader.ReadInt64();
            if (!targets.TryGetValue(name, out var target))
                throw new InvalidDataException($"'{source}' has tensor '{name}', which the model does not have.");
            if (!shape.SequenceEqual(target.shape))
                throw new InvalidDataException($"'{source}': tensor '{name}' has shape [{string.Join(", ", shape)}]; the model expects [{string.Join(", ", target.shape)}].");
            var values = new float[shape.Aggregate(1L, (a, b) => a * b)];
            for (int v = 0; v < values.Length; v++) values[v] = reader.ReadSingle();
            target.copy_(tensor(values, shape));
        }
    }
}
