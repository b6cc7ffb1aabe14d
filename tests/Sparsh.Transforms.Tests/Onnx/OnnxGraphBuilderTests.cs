using Sparsh.Transforms.Onnx;

namespace Sparsh.Transforms.Tests.Onnx;

[TestClass]
public sealed class OnnxGraphBuilderTests
{
    private static OnnxGraphBuilder AffineGraph()
    {
        var graph = new OnnxGraphBuilder("affine");
        var x = graph.AddInput("x", OnnxElementType.Float, OnnxDimension.Dynamic("batch"), 3);
        var scale = graph.AddInitializer("scale", [1f, 2f, 3f], 3);
        var shift = graph.AddScalar("shift", 0.5f);
        var scaled = graph.AddNode("Mul", [x, scale], "scaled");
        var shifted = graph.AddNode("Add", [scaled, shift], "shifted");
        graph.AddOutput(shifted, "y", OnnxElementType.Float, OnnxDimension.Dynamic("batch"), 3);
        return graph;
    }

    [TestMethod]
    public void WrittenModelRunsInOnnxRuntimeWithADynamicBatch()
    {
        var outputs = OnnxRun.Run(AffineGraph().ToModelBytes(), new OnnxRun.Input("x", new[] { 1f, 1f, 1f, 2f, 2f, 2f }, [2, 3]));
        CollectionAssert.AreEqual(new[] { 1.5f, 2.5f, 3.5f, 2.5f, 4.5f, 6.5f }, (float[])outputs["y"]);
    }

    [TestMethod]
    public void NamesAreUniqueAndTheBytesStable()
    {
        var first = AffineGraph().ToModelBytes();
        CollectionAssert.AreEqual(first, AffineGraph().ToModelBytes(), "same calls, same bytes");

        var graph = new OnnxGraphBuilder("scoped");
        var x = graph.AddInput("x", OnnxElementType.Float, 2);
        string a, b, c;
        using (graph.Scope("step"))
        {
            a = graph.AddNode("Neg", [x], "value");
            b = graph.AddNode("Neg", [a], "value");
        }
        c = graph.AddNode("Neg", [b], "value");
        Assert.AreEqual("step/value", a);
        Assert.AreEqual("step/value_2", b);
        Assert.AreEqual("value", c);
    }

    [TestMethod]
    public void UndefinedInputNamesTheNodeAndTheTensor()
    {
        var graph = new OnnxGraphBuilder("broken");
        var x = graph.AddInput("x", OnnxElementType.Float, 2);
        var y = graph.AddNode("Add", [x, "missing_weights"], "sum");
        graph.AddOutput(y, "y", OnnxElementType.Float, 2);
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => graph.ToModelBytes());
        StringAssert.Contains(error.Message, "'missing_weights'");
        StringAssert.Contains(error.Message, "node 'Add' (Add)");
    }

    [TestMethod]
    public void DuplicateOutputsAndMissingGraphOutputsAreReported()
    {
        var graph = new OnnxGraphBuilder("duplicate");
        var x = graph.AddInput("x", OnnxElementType.Float, 2);
        graph.AddNodeWithOutputs("Neg", [x], ["t"]);
        graph.AddNodeWithOutputs("Abs", [x], ["t"]);
        graph.AddOutput("t", "t", OnnxElementType.Float, 2);
        var error = Assert.ThrowsExactly<InvalidOperationException>(graph.Validate);
        StringAssert.Contains(error.Message, "Tensor 't' is defined twice");
        StringAssert.Contains(error.Message, "(Abs)");

        var missing = new OnnxGraphBuilder("missing");
        missing.AddInput("x", OnnxElementType.Float, 2);
        missing.AddOutput("never_made", "never_made", OnnxElementType.Float, 2);
        error = Assert.ThrowsExactly<InvalidOperationException>(missing.Validate);
        StringAssert.Contains(error.Message, "Graph output 'never_made'");

        Assert.ThrowsExactly<ArgumentException>(() => missing.AddInitializer("w", [1f, 2f, 3f], 2, 2));
        Assert.ThrowsExactly<ArgumentException>(() => missing.AddInput("x", OnnxElementType.Float, 2));
    }
}
