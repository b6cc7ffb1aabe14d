using Microsoft.ML;

namespace Sparsh.Transforms.Windowing;

/// <summary>Output schema of the windowing step and where each output column comes from.</summary>
internal sealed record WindowLayout(
    DataViewSchema Schema,
    DataViewSchema.Column RecordingId,
    DataViewSchema.Column Timestamp,
    IReadOnlyList<(DataViewSchema.Column Input, int OutputIndex)> PassThrough,
    IReadOnlyList<StackedColumn> Stacked,
    XelaWindowingOptions Options);
