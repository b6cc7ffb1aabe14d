using System.Buffers.Binary;
using System.IO.Compression;
using Google.Protobuf;
using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Scoring.ModelFiles;
using Sparsh.Transforms.Onnx;

namespace Sparsh.Transforms.Tests.Onnx;

/// <summary>
/// ONNX graphs whose tensors keep data in external files (which ONNX Runtime would read from disk at load) are refused
/// at every door: the guard itself, the project's zip readers, the safe ML.NET loader and saving.
/// </summary>
[TestClass]
public sealed class OnnxModelGuardTests
{
    private const string SecretPath = "../../../../etc/secret.bin";

    private sealed class Row
    {
        [VectorType(1)] public float[] X { get; set; } = [];
    }

    private sealed class Scored
    {
        [VectorType(1)] public float[] Y { get; set; } = [];
    }

    [TestMethod]
    public void InlineModelPasses()
    {
        OnnxModelGuard.Verify(AddModel(InlineWeight()), "the test model");
        Assert.AreEqual("graph", OnnxModelContents.Parse(AddModel(InlineWeight()), "the test model").GraphName);
    }

    [TestMethod]
    public void ExternalInitializerIsRefusedNamingTensorAndPath()
    {
        var error = Assert.ThrowsExactly<InvalidDataException>(() => OnnxModelGuard.Verify(AddModel(ExternalWeight()), "the test model"));
        StringAssert.Contains(error.Message, "the test model");
        StringAssert.Contains(error.Message, "tensor 'W'");
        StringAssert.Contains(error.Message, SecretPath);
    }

    [TestMethod]
    public void ExternalLocationWithoutPathIsRefused()
    {
        byte[] weight = Concat(Varints(1, 1), Varints(2, 1), Text(8, "W"), Varints(14, 1));
        var error = Assert.ThrowsExactly<InvalidDataException>(() => OnnxModelGuard.Verify(AddModel(weight), "m"));
        StringAssert.Contains(error.Message, "tensor 'W' keeps its data outside the model");
    }

    [TestMethod]
    public void ExternalTensorInsideASubgraphOrConstantAttributeIsRefused()
    {
        // A Constant node's 'value' attribute (field 5, a tensor) inside an If node's 'then_branch' (field 6, a graph).
        byte[] constant = Concat(Text(2, "C"), Text(4, "Constant"), Message(5, Concat(Text(1, "value"), Message(5, ExternalWeight()), Varints(20, 4))));
        byte[] subgraph = Concat(Message(1, constant), Text(2, "then"));
        byte[] ifNode = Concat(Text(1, "cond"), Text(2, "Y"), Text(4, "If"), Message(5, Concat(Text(1, "then_branch"), Message(6, subgraph), Varints(20, 5))));
        byte[] model = Concat(Varints(1, 8), Message(7, Concat(Message(1, ifNode), Text(2, "graph"))), Message(8, Varints(2, 17)));
        var error = Assert.ThrowsExactly<InvalidDataException>(() => OnnxModelGuard.Verify(model, "m"));
        StringAssert.Contains(error.Message, SecretPath);
    }

    [TestMethod]
    public void GarbageIsAnInvalidDataErrorNamingTheSource()
    {
        var error = Assert.ThrowsExactly<InvalidDataException>(() => OnnxModelGuard.Verify([0x0A, 0xFF, 0xFF, 0xFF, 0x7F, 1], "m.onnx"));
        StringAssert.Contains(error.Message, "m.onnx");
    }

    [TestMethod]
    public void ZipWithExternalDataIsRefusedBeforeOnnxRuntimeLoadsIt()
    {
        string folder = Directory.CreateTempSubdirectory("sparsh-guard-").FullName;
        try
        {
            var mlContext = new MLContext(seed: 1);
            string path = Path.Combine(folder, "model.zip");
            SaveAddModel(mlContext, path);

            // The clean zip loads through the safe loader and scores X + 2.
            var model = ModelZip.Load(mlContext, path, out var schema);
            var scored = mlContext.Data.CreateEnumerable<Scored>(model.Transform(mlContext.Data.LoadFromEnumerable([new Row { X = [1.5f] }], schema)), false).Single();
            Assert.AreEqual(3.5f, scored.Y[0], 1e-6f);
            (model as IDisposable)?.Dispose();

            // Swap the stored graph for one whose weight lives in an external file; every reader refuses it by name.
            ReplaceOnnxEntry(path, AddModel(ExternalWeight()));
            foreach (Action load in new Action[]
            {
                () => ModelZip.Load(mlContext, path, out _),
                () => ModelZip.ReadOnnxModels(path),
                () => OnnxModelZip.ReadModels(path),
            })
            {
                var error = Assert.ThrowsExactly<InvalidDataException>(load);
                StringAssert.Contains(error.Message, path);
                StringAssert.Contains(error.Message, "OnnxModel");
                StringAssert.Contains(error.Message, "tensor 'W'");
                StringAssert.Contains(error.Message, SecretPath);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void SavingAGraphWithExternalDataIsRefusedAndWritesNoZip()
    {
        string folder = Directory.CreateTempSubdirectory("sparsh-guard-").FullName;
        try
        {
            var mlContext = new MLContext(seed: 1);
            string path = Path.Combine(folder, "model.zip");
            var schema = mlContext.Data.LoadFromEnumerable([new Row { X = [1f] }]).Schema;

            var error = Assert.ThrowsExactly<InvalidDataException>(() => OnnxModelSaving.SaveModelZip(path, AddModel(ExternalWeight()), ["X"], ["Y"], schema));

            StringAssert.Contains(error.Message, "being saved");
            StringAssert.Contains(error.Message, "tensor 'W'");
            StringAssert.Contains(error.Message, SecretPath);
            Assert.IsFalse(File.Exists(path), "nothing is written");
            OnnxModelSaving.SaveModelZip(path, AddModel(InlineWeight()), ["X"], ["Y"], schema);   // the same graph with its weight inline saves
            Assert.IsTrue(File.Exists(path));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void TruncatedOnnxEntryNamesTheEntry()
    {
        string folder = Directory.CreateTempSubdirectory("sparsh-guard-").FullName;
        try
        {
            var mlContext = new MLContext(seed: 1);
            string path = Path.Combine(folder, "model.zip");
            SaveAddModel(mlContext, path);
            ReplaceOnnxEntry(path, AddModel(InlineWeight()), truncateBy: 5);
            var error = Assert.ThrowsExactly<InvalidDataException>(() => ModelZip.Load(mlContext, path, out _));
            StringAssert.Contains(error.Message, path);
            StringAssert.Contains(error.Message, "announces");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // Y = X + W from Sparsh's own graph builder, which records the graph's SHA-256 in the metadata.
    private static byte[] BuiltAddModel(float weight)
    {
        var graph = new OnnxGraphBuilder("built");
        var x = graph.AddInput("X", OnnxElementType.Float, OnnxDimension.Fixed(1));
        var y = graph.AddNode("Add", [x, graph.AddInitializer("W", [weight], 1)], "sum");
        graph.AddOutput(y, "Y", OnnxElementType.Float, OnnxDimension.Fixed(1));
        return graph.ToModelBytes("test");
    }

    [TestMethod]
    public void AlteredWeightOfASparshGraphIsRefused()
    {
        var model = BuiltAddModel(1234.5f);
        Assert.IsTrue(OnnxModelContents.Parse(model, "m").Metadata.ContainsKey(OnnxModelGuard.GraphHashKey), "the builder records the graph's hash");
        OnnxModelGuard.Verify(model, "m");

        // Change the weight in place, as an attacker or a bad disk would: the model still parses and runs, but is refused.
        int at = model.AsSpan().IndexOf(BitConverter.GetBytes(1234.5f));
        Assert.IsGreaterThanOrEqualTo(0, at);
        model[at] ^= 0x40;
        var error = Assert.ThrowsExactly<InvalidDataException>(() => OnnxModelGuard.Verify(model, "model zip 'a.zip', entry 'x/OnnxModel'"));
        StringAssert.Contains(error.Message, "model zip 'a.zip', entry 'x/OnnxModel'");
        StringAssert.Contains(error.Message, "does not match the SHA-256");
    }

    [TestMethod]
    public void AGraphInTwoPiecesIsRefused()
    {
        // Protobuf would merge the two pieces into one graph that neither hash describes.
        var model = BuiltAddModel(2f);
        byte[] extra = Message(7, Text(2, "renamed"));
        var error = Assert.ThrowsExactly<InvalidDataException>(() => OnnxModelGuard.Verify(Concat(model, extra), "m"));
        StringAssert.Contains(error.Message, "more than one piece");
    }

    private static void SaveAddModel(MLContext mlContext, string path)
    {
        var data = mlContext.Data.LoadFromEnumerable([new Row { X = [1f] }]);
        using var stream = new MemoryStream(AddModel(InlineWeight()));
        var onnx = mlContext.Transforms.ApplyOnnxModel(["Y"], ["X"], stream).Fit(data);
        mlContext.Model.Save(onnx, data.Schema, path);
        (onnx as IDisposable)?.Dispose();
    }

    private static void ReplaceOnnxEntry(string zipPath, byte[] model, int truncateBy = 0)
    {
        using var zip = ZipFile.Open(zipPath, ZipArchiveMode.Update);
        var entry = zip.Entries.Single(e => e.Name == ModelZip.OnnxModelEntryName);
        string name = entry.FullName;
        entry.Delete();
        using var stream = zip.CreateEntry(name).Open();
        var length = new byte[sizeof(int)];
        BinaryPrimitives.WriteInt32LittleEndian(length, model.Length);
        stream.Write(length);
        stream.Write(model, 0, model.Length - truncateBy);
    }

    // Y = X + W with X, Y float[1] and W the given initializer (field numbers from the public onnx.proto).
    private static byte[] AddModel(byte[] weight)
    {
        byte[] tensorType = Message(1, Concat(Varints(1, 1), Message(2, Message(1, Varints(1, 1)))));
        byte[] node = Concat(Text(1, "X"), Text(1, "W"), Text(2, "Y"), Text(3, "add"), Text(4, "Add"));
        byte[] graph = Concat(Message(1, node), Text(2, "graph"), Message(5, weight),
            Message(11, Concat(Text(1, "X"), Message(2, tensorType))), Message(12, Concat(Text(1, "Y"), Message(2, tensorType))));
        return Concat(Varints(1, 8), Text(2, "test"), Message(7, graph), Message(8, Varints(2, 17)));
    }

    private static byte[] InlineWeight() => Concat(Varints(1, 1), Varints(2, 1), Floats(4, 2f), Text(8, "W"));

    private static byte[] ExternalWeight() =>
        Concat(Varints(1, 1), Varints(2, 1), Text(8, "W"), Message(13, Concat(Text(1, "location"), Text(2, SecretPath))), Varints(14, 1));

    private static byte[] Varints(int field, long value) => Write(o => { o.WriteTag(field, WireFormat.WireType.Varint); o.WriteInt64(value); });

    private static byte[] Text(int field, string value) => Write(o => { o.WriteTag(field, WireFormat.WireType.LengthDelimited); o.WriteString(value); });

    private static byte[] Message(int field, byte[] value) => Write(o => { o.WriteTag(field, WireFormat.WireType.LengthDelimited); o.WriteBytes(ByteString.CopyFrom(value)); });

    private static byte[] Floats(int field, float value) => Write(o => { o.WriteTag(field, WireFormat.WireType.Fixed32); o.WriteFloat(value); });

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    private static byte[] Write(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        using (var output = new CodedOutputStream(buffer, leaveOpen: true)) write(output);
        return buffer.ToArray();
    }
}
