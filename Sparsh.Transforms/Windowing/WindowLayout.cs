using Microsoft.ML;

namespace Sparsh.Transforms.Windowing;

/// <summary>Output schema of the windowing step and where each output column comes from.</summary>
internal sealed record WindowLayout(
    DataViewSchema Schema,
    DataViewSchema.Column RecordingId,
    DataViewSchema.Column Timestamp,
    IReadOnlyList<StackedColumn> Stacked,
    XelaWindowingOptions Options);
