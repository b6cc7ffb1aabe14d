using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Checkpoints;

/// <summary>
/// Named float32 tensors in a binary stream: int32 count, then for each (in ordinal name order) a BinaryWriter string
/// name, int32 rank, int64 dimensions and little-endian float32 values.
/// </summary>
internal static class TensorFile
{
    private const int MaxNameBytes = 4096, MaxRank = 16;

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

    /// <summary>
    /// Reads tensors written by <see cref="Write"/> into existing tensors of the same names and shapes. Every count, name
    /// length, rank and size is checked against the target and the bytes left in the stream before anything is allocated.
    /// </summary>
    /// <exception cref="InvalidDataException">The stream is truncated or malformed, or does not hold exactly the target tensors;
    /// the message names <paramref name="source"/> and, for a mismatch, the tensor and both shapes. The stream must be seekable.</exception>
    public static void ReadInto(BinaryReader reader, IReadOnlyDictionary<string, Tensor> targets, string source)
        => ReadInto(new CheckpointReader(reader, source, reader.BaseStream.Length), targets, "the weights");

    /// <summary>As the public overload; <paramref name="what"/> names the tensors in errors, e.g. "the best epoch's weights".</summary>
    internal static void ReadInto(CheckpointReader reader, IReadOnlyDictionary<string, Tensor> targets, string what)
    {
        int count = reader.ReadInt32($"the tensor count of {what}");
        if (count != targets.Count) throw reader.Error($"{what} hold {count} tensors; the model has {targets.Count}");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        using var noGrad = no_grad();
        for (int i = 0; i < count; i++)
        {
            string name = reader.ReadString($"the name of tensor {i}", MaxNameBytes);
            if (!targets.TryGetValue(name, out var target)) throw reader.Error($"{what} have tensor '{name}', which the model does not have");
            if (!seen.Add(name)) throw reader.Error($"{what} have tensor '{name}' twice");
            int rank = reader.ReadInt32($"the rank of tensor '{name}'");
            if (rank < 0 || rank > MaxRank) throw reader.Error($"tensor '{name}' of {what} has rank {rank}; expected 0 to {MaxRank}");
            var shape = new long[rank];
            for (int d = 0; d < rank; d++) shape[d] = reader.ReadInt64($"the shape of tensor '{name}'");
            if (!shape.SequenceEqual(target.shape))
                throw reader.Error($"tensor '{name}' of {what} has shape [{string.Join(", ", shape)}]; the model expects [{string.Join(", ", target.shape)}]");
            // The shape equals the model's, so this allocation is the model's own size; the bytes must still be there.
            reader.Need(target.numel() * sizeof(float), $"tensor '{name}'");
            var values = new float[target.numel()];
            reader.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()), $"tensor '{name}'");
            using var source = tensor(values, shape);
            target.copy_(source);
        }
    }
}
