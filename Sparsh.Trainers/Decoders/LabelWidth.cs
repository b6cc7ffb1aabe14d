using Microsoft.ML;
using Microsoft.ML.Data;

namespace Sparsh.Trainers.Decoders;

/// <summary>The label column's width, checked before any data is read, for every supervised sequence or window model.</summary>
internal static class LabelWidth
{
    /// <summary>
    /// The width of <paramref name="labelColumnName"/>, checked against <paramref name="activations"/> (one activation per
    /// label component), so a mismatch names the column and both widths instead of failing inside training.
    /// </summary>
    /// <exception cref="ArgumentException">The label column is missing, not a float (vector), or its width differs from the activations'.</exception>
    public static int Check(DataViewSchema schema, string labelColumnName, IList<OutputActivation>? activations)
    {
        var column = schema.GetColumnOrNull(labelColumnName)
            ?? throw new ArgumentException($"Label column '{labelColumnName}' not found in the input view.", nameof(schema));
        int width = column.Type switch
        {
            VectorDataViewType { IsKnownSize: true, ItemType: var item } v when item == NumberDataViewType.Single => v.Size,
            var t when t == NumberDataViewType.Single => 1,
            var t => throw new ArgumentException($"Label column '{labelColumnName}' has type {t}; expected a float or a known-size float vector.", nameof(schema)),
        };
        if (activations is not null && activations.Count != width)
            throw new ArgumentException(
                $"Label column '{labelColumnName}' has {width} values per row but OutputActivations lists {activations.Count}; give one activation per label component.",
                "OutputActivations");
        return width;
    }
}
