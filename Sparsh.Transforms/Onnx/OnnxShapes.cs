namespace Sparsh.Transforms.Onnx;

/// <summary>Shape helpers shared by the step exports.</summary>
internal static class OnnxShapes
{
    /// <summary>Fixed dimensions from sizes.</summary>
    public static OnnxDimension[] Fixed(IEnumerable<int> dims) => dims.Select(d => OnnxDimension.Fixed(d)).ToArray();

    /// <summary>True when <paramref name="shape"/> ends with the fixed sizes <paramref name="tail"/>.</summary>
    public static bool EndsWith(IReadOnlyList<OnnxDimension> shape, params long[] tail)
    {
        if (shape.Count < tail.Length) return false;
        for (var i = 0; i < tail.Length; i++)
        {
            var dim = shape[shape.Count - tail.Length + i];
            if (dim.IsDynamic || dim.Size != tail[i]) return false;
        }
        return true;
    }

    /// <summary>Whether two shapes are the same dimension by dimension.</summary>
    public static bool SameAs(IReadOnlyList<OnnxDimension> a, IReadOnlyList<OnnxDimension> b) => a.SequenceEqual(b);

    /// <summary>Reshapes to <paramref name="target"/>; at most one dimension may be dynamic (it becomes -1).</summary>
    public static string Reshape(OnnxGraphBuilder graph, string tensor, IReadOnlyList<OnnxDimension> target, string hint)
    {
        if (target.Count(d => d.IsDynamic) > 1)
            throw new ArgumentException($"Cannot reshape '{tensor}' to [{string.Join(", ", target)}]: more than one dynamic dimension.", nameof(target));
        var shape = graph.AddInt64s($"{hint}_shape", target.Select(d => d.IsDynamic ? -1L : d.Size).ToArray());
        return graph.AddNode("Reshape", [tensor, shape], hint);
    }

    /// <summary>
    /// The graph output name for an ML.NET column: the column name, or <c>name.output</c> when a graph input has
    /// that name (tensor names must be unique; ML.NET's OnnxTransformer strips the suffix again).
    /// </summary>
    public static string OutputName(string column, IEnumerable<string> inputNames) =>
        inputNames.Contains(column, StringComparer.Ordinal) ? column + ".output" : column;
}
