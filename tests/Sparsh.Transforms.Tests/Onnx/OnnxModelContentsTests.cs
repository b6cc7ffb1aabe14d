using System.IO.Compression;
using Sparsh.Transforms.Onnx;

namespace Sparsh.Transforms.Tests.Onnx;

/// <summary>Reading back what <see cref="OnnxGraphBuilder"/> writes: exact names, values and metadata; ONNX entries of ML.NET zips.</summary>
[TestClass]
public sealed class OnnxModelContentsTests
{
    private static byte[] Model()
    {
        var graph = new OnnxGraphBuilder("named");
        var x = graph.AddInput("x", OnnxElementType.Float, 2);
        string weight;
        using (graph.Scope("step"))
            weight = graph.AddNamedInitializer("module.weight", [1.5f, -0f, float.Epsilon], 3);
        var index = graph.AddNamedInitializer("module.index", [2L, 0L], 2);
        graph.AddMetadata("sparsh.config.module", "{\"Width\":3}");
        graph.AddMetadata("sparsh.config.module", "{\"Width\":3}"); // the same value twice is fine
        var gathered = graph.AddNode("Gather", [weight, index], "picked", OnnxAttribute.Int("axis", 0));
        graph.AddOutput(graph.AddNode("Add", [x, gathered], "sum"), "y", OnnxElementType.Float, 2);
        return graph.ToModelBytes("doc", new Dictionary<string, string> { ["units"] = "N" });
    }

    [TestMethod]
    public void NamedInitializersAndMetadataReadBackExactly()
    {
        var contents = OnnxModelContents.Parse(Model(), "named.onnx");
        Assert.AreEqual("Sparsh.MLNet", contents.ProducerName);
        Assert.AreEqual("named", contents.GraphName);
        CollectionAssert.AreEqual(new[] { "x" }, contents.InputNames.ToArray());
        CollectionAssert.AreEqual(new[] { "y" }, contents.OutputNames.ToArray());
        Assert.AreEqual("{\"Width\":3}", contents.Metadata["sparsh.config.module"]);
        Assert.AreEqual("N", contents.Metadata["units"]);

        // The name is exact: no scope prefix, no uniqueness suffix.
        var weight = contents.Initializers["module.weight"];
        CollectionAssert.AreEqual(new long[] { 3 }, weight.Dims.ToArray());
        CollectionAssert.AreEqual(new[] { 1.5f, -0f, float.Epsilon }.Select(BitConverter.SingleToInt32Bits).ToArray(),
            weight.FloatValues().Select(BitConverter.SingleToInt32Bits).ToArray(), "bit patterns, including -0 and the smallest subnormal");
        CollectionAssert.AreEqual(new[] { 2L, 0L }, contents.Initializers["module.index"].Int64Values());
        var error = Assert.ThrowsExactly<InvalidDataException>(() => weight.Int64Values());
        StringAssert.Contains(error.Message, "'module.weight' has ONNX data type 1");
    }

    [TestMethod]
    public void ClashingNamesAndConflictingMetadataAreRefused()
    {
        var graph = new OnnxGraphBuilder("clash");
        graph.AddNamedInitializer("w", [1f], 1);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => graph.AddNamedInitializer("w", [2L], 1)).Message, "Initializer 'w' clashes");
        graph.AddMetadata("key", "a");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => graph.AddMetadata("key", "b")).Message, "Metadata 'key'");
        // A generated name never takes a name reserved exactly.
        Assert.AreEqual("w_2", graph.AddInitializer("w", [3f], 1));
    }

    [TestMethod]
    public void BytesThatAreNotAModelNameTheirSource()
    {
        var error = Assert.ThrowsExactly<InvalidDataException>(() => OnnxModelContents.Parse([0xff, 0xff, 0xff, 0xff, 0x0f], "garbage.onnx"));
        StringAssert.Contains(error.Message, "garbage.onnx is not a readable ONNX model");
    }

    [TestMethod]
    public void ZipEntriesAreReadAndATruncatedEntryIsReported()
    {
        var model = Model();
        var path = Path.Combine(Path.GetTempPath(), $"sparsh-entries-{Guid.NewGuid():N}.zip");
        try
        {
            // The layout ML.NET's OnnxTransformer writes: an int32 byte count, then the model.
            using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
            {
                using (var writer = new BinaryWriter(zip.CreateEntry("TransformerChain/Transform_000/OnnxModel").Open()))
                {
                    writer.Write(model.Length);
                    writer.Write(model);
                }
                zip.CreateEntry("TransformerChain/Transform_000/Model.key");
            }
            var models = OnnxModelZip.ReadModels(path);
            Assert.HasCount(1, models);
            Assert.AreEqual($"model zip '{path}', entry 'TransformerChain/Transform_000/OnnxModel'", models[0].Source);
            Assert.AreEqual("named", models[0].GraphName);

            using (var zip = ZipFile.Open(path, ZipArchiveMode.Update))
            using (var writer = new BinaryWriter(zip.CreateEntry("TransformerChain/Transform_001/OnnxModel").Open()))
            {
                writer.Write(model.Length);
                writer.Write(model.AsSpan(0, model.Length / 2));
            }
            var error = Assert.ThrowsExactly<InvalidDataException>(() => OnnxModelZip.ReadModels(path));
            StringAssert.Contains(error.Message, "entry 'TransformerChain/Transform_001/OnnxModel' announces");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
