using Microsoft.ML;
using Microsoft.ML.Data;

namespace Sparsh.Trainers.Hiss;

/// <summary>What one window of the flux column holds for HiSS: frames (the low-level model's steps) of values per frame (its features).</summary>
/// <param name="Frames">Frames per window (10 at 100 Hz for 0.1 s windows).</param>
/// <param name="ValuesPerFrame">Features per frame: taxels x 3 axes (1104 for the XELA hand).</param>
public readonly record struct HissInputShape(int Frames, int ValuesPerFrame)
{
    /// <summary>
    /// The shape of float-vector column <paramref name="columnName"/> with dimensions [frames, taxels, 3] or [frames, values];
    /// throws naming the column and what was expected.
    /// </summary>
    public static HissInputShape Of(DataViewSchema schema, string columnName)
    {
        var column = schema.GetColumnOrNull(columnName) ?? throw new ArgumentOutOfRangeException(nameof(columnName),
            $"Input column '{columnName}' not found; expected normalised flux windows [frames, taxels, 3]. " +
            $"Available columns: {string.Join(", ", schema.Select(c => c.Name))}.");
        if (column.Type is not VectorDataViewType { IsKnownSize: true } vector || vector.ItemType != NumberDataViewType.Single
            || vector.Dimensions.Length is not (2 or 3))
            throw new ArgumentOutOfRangeException(nameof(columnName),
                $"Input column '{columnName}' has type {column.Type}; expected a known-size float vector with dimensions [frames, taxels, 3] " +
                "(windows from XelaWindowing), so HiSS can run its low-level model over the frames.");
        int frames = vector.Dimensions[0];
        return new HissInputShape(frames, vector.Size / frames);
    }
}
