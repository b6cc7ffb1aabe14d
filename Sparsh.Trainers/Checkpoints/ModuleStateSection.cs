using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Checkpoints;

/// <summary>
/// Checks a section in TorchSharp's <c>module.save</c> format (LEB128 entry count, then per entry a BinaryWriter string
/// key, LEB128 dtype, rank and dimensions, and the raw values) against the state dict it will be loaded into, before
/// <c>module.load</c> reads it. TorchSharp's own checks say neither which tensor nor which shapes, and allocate whatever
/// rank a header declares; these name the file, the key and both shapes.
/// </summary>
internal static class ModuleStateSection
{
    private const int MaxKeyBytes = 4096, MaxRank = 16;

    /// <summary>Throws an <see cref="InvalidDataException"/> unless <paramref name="section"/> holds exactly the tensors of <paramref name="targets"/>.</summary>
    public static void Check(byte[] section, IReadOnlyDictionary<string, Tensor> targets, string path, string what)
    {
        using var reader = new CheckpointReader(new BinaryReader(new MemoryStream(section), Encoding.UTF8), path, section.Length);
        long count = reader.ReadLeb128($"the tensor count of {what}");
        if (count != targets.Count) throw reader.Error($"{what} holds {count} tensors; the model has {targets.Count}");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (long i = 0; i < count; i++)
        {
            string key = reader.ReadString($"the name of tensor {i} of {what}", MaxKeyBytes);
            if (!targets.TryGetValue(key, out var target)) throw reader.Error($"{what} has tensor '{key}', which the model does not have");
            if (!seen.Add(key)) throw reader.Error($"{what} has tensor '{key}' twice");
            long dtype = reader.ReadLeb128($"the type of tensor '{key}'");
            if (dtype != (long)target.dtype) throw reader.Error($"tensor '{key}' in {what} is {(ScalarType)dtype}; the model expects {target.dtype}");
            long rank = reader.ReadLeb128($"the rank of tensor '{key}'");
            if (rank > MaxRank) throw reader.Error($"tensor '{key}' in {what} has rank {rank}; expected at most {MaxRank}");
            var shape = new long[rank];
            for (int d = 0; d < rank; d++) shape[d] = reader.ReadLeb128($"the shape of tensor '{key}'");
            if (!shape.SequenceEqual(target.shape))
                throw reader.Error($"tensor '{key}' in {what} has shape [{string.Join(", ", shape)}]; the model expects [{string.Join(", ", target.shape)}]");
            reader.Skip(target.numel() * target.ElementSize, $"tensor '{key}' in {what}");
        }
        reader.ExpectEnd();
    }
}
