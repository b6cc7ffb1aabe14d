using Microsoft.ML;
using Microsoft.ML.Data;

namespace Sparsh.Transforms.Core;

/// <summary>Reads and writes ML.NET's "SlotNames" annotation (its own helpers for it are internal).</summary>
internal static class SlotNames
{
    /// <summary>The annotation kind ML.NET uses for per-slot names.</summary>
    public const string Kind = "SlotNames";

    /// <summary>Annotations holding the given slot names.</summary>
    public static DataViewSchema.Annotations Create(IReadOnlyList<string> names)
    {
        var values = names.Select(n => n.AsMemory()).ToArray();
        var builder = new DataViewSchema.Annotations.Builder();
        builder.Add(Kind, new VectorDataViewType(TextDataViewType.Instance, values.Length),
            (ref VBuffer<ReadOnlyMemory<char>> dst) => dst = new VBuffer<ReadOnlyMemory<char>>(values.Length, values));
        return builder.ToAnnotations();
    }

    /// <summary>The column's slot names, or null when it has none.</summary>
    public static string[]? Read(DataViewSchema.Column column)
    {
        if (column.Annotations.Schema.GetColumnOrNull(Kind) == null) return null;
        var names = default(VBuffer<ReadOnlyMemory<char>>);
        column.Annotations.GetValue(Kind, ref names);
        return names.DenseValues().Select(n => n.ToString()).ToArray();
    }

    /// <summary>Per-frame names repeated for each frame of a window as "t{frame}:{name}".</summary>
    public static string[] ForFrames(IReadOnlyList<string> perFrame, int frames)
    {
        var names = new string[frames * perFrame.Count];
        for (int f = 0; f < frames; f++)
            for (int i = 0; i < perFrame.Count; i++)
                names[f * perFrame.Count + i] = $"t{f}:{perFrame[i]}";
        return names;
    }
}
