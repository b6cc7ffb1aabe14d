using Sparsh.Transforms.Onnx;

namespace Sparsh.Trainers.Decoders;

/// <summary>ONNX export of <see cref="DecoderHeads.Activate"/>: each output column through its own activation.</summary>
internal static class DecoderHeadsOnnx
{
    /// <summary>Applies <paramref name="activations"/> to the columns of <paramref name="raw"/> [..., outputs].</summary>
    public static string AddTo(OnnxGraphBuilder graph, string raw, IReadOnlyList<OutputActivation> activations)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(activations);
        if (activations.All(a => a == OutputActivation.None)) return raw;
        using var scope = graph.Scope("activations");
        int outputs = activations.Count;
        IReadOnlyList<string> columns = outputs == 1 ? [raw]
            : graph.AddNode("Split", [raw, graph.AddInt64s("split", Enumerable.Repeat(1L, outputs).ToArray())], outputs, "column", OnnxAttribute.Int("axis", -1));
        var activated = new string[outputs];
        for (var o = 0; o < outputs; o++)
            activated[o] = activations[o] switch
            {
                OutputActivation.Relu => graph.AddNode("Relu", [columns[o]], "relu"),
                OutputActivation.Tanh => graph.AddNode("Tanh", [columns[o]], "tanh"),
                OutputActivation.Sigmoid => graph.AddNode("Sigmoid", [columns[o]], "sigmoid"),
                OutputActivation.Softplus => graph.AddNode("Softplus", [columns[o]], "softplus"),
                OutputActivation.None => columns[o],
                var other => throw new ArgumentOutOfRangeException(nameof(activations), other, "Unknown output activation."),
            };
        return outputs == 1 ? activated[0] : graph.AddNode("Concat", activated, "out", OnnxAttribute.Int("axis", -1));
    }
}
