using Microsoft.ML;
using Microsoft.ML.Data;

namespace Sparsh.Transforms.Core;

/// <summary>A column that a Sparsh row mapper adds to its input: name, type and optional annotations (slot names).</summary>
/// <param name="Name">Output column name.</param>
/// <param name="Type">Column type, e.g. a <see cref="VectorDataViewType"/> with dimensions.</param>
/// <param name="Annotations">Annotations such as slot names, or null.</param>
public sealed record OutputColumn(string Name, DataViewType Type, DataViewSchema.Annotations? Annotations = null);
