using Microsoft.ML;
using Microsoft.ML.Data;

namespace Sparsh.Transforms.Windowing;

/// <summary>A per-frame input column and how it appears per window: stacked [frames, ...] or reduced (labels).</summary>
internal sealed class StackedColumn
{
    private StackedColumn(DataViewSchema.Column input, int outputIndex, int width, LabelAggregation? aggregation)
    {
        Input = input;
        OutputIndex = outputIndex;
        Width = width;
        Aggregation = aggregation;
    }

    public DataViewSchema.Column Input { get; }

    public int OutputIndex { get; }

    /// <summary>Values per frame.</summary>
    public int Width { get; }

    /// <summary>Null for stacked columns; the reduction for labels.</summary>
    public LabelAggregation? Aggregation { get; }

    public static StackedColumn Windowed(DataViewSchema.Column input, int frames, DataViewSchema.Builder builder, int outputIndex)
    {
        var vector = (VectorDataViewType)input.Type;
        var dims = new[] { frames }.Concat(vector.Dimensions.Length > 0 ? vector.Dimensions : [vector.Size]).ToArray();
        builder.AddColumn(input.Name, new VectorDataViewType(vector.ItemType, dims), WindowSlotNames(input, frames));
        return new StackedColumn(input, outputIndex, vector.Size, aggregation: null);
    }

    public static StackedColumn Label(DataViewSchema.Column input, LabelAggregation aggregation, DataViewSchema.Builder builder, int outputIndex)
    {
        int width = input.Type is VectorDataViewType vector ? vector.Size : 1;
        builder.AddColumn(input.Name, input.Type, input.Annotations);
        return new StackedColumn(input, outputIndex, width, aggregation);
    }

    public IWindowRing CreateRing(DataViewRow input, int frames) => Input.Type switch
    {
        VectorDataViewType { ItemType: BooleanDataViewType } => new WindowRing<bool>(input.GetGetter<VBuffer<bool>>(Input), Input.Name, Width, frames, Aggregation),
        VectorDataViewType => new WindowRing<float>(input.GetGetter<VBuffer<float>>(Input), Input.Name, Width, frames, Aggregation),
        _ => new WindowRing<float>(Core.DataViewReader.ScalarAsVector(input.GetGetter<float>(Input)), Input.Name, Width, frames, Aggregation),
    };

    // Per-frame slot names (e.g. taxel "3aftc_1.x") become "t3:3aftc_1.x" for frame 3 of the window.
    private static DataViewSchema.Annotations? WindowSlotNames(DataViewSchema.Column input, int frames)
    {
        var perFrame = Core.SlotNames.Read(input);
        return perFrame == null ? null : Core.SlotNames.Create(Core.SlotNames.ForFrames(perFrame, frames));
    }
}
