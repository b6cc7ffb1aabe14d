using System.Security.Cryptography;
using System.Text;
using Microsoft.ML;
using Sparsh.Trainers.Checkpoints;
using Sparsh.Trainers.Encoder;
using Sparsh.Trainers.Pretraining;
using Sparsh.Trainers.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Tests.Checkpoints;

[TestClass]
public sealed class CheckpointIntegrityTests
{
    public TestContext TestContext { get; set; } = null!;

    private const int ChecksumLength = 32;

    private readonly List<string> _files = [];

    private string TempPath(string name)
    {
        string path = Path.Combine(TestContext.TestRunResultsDirectory ?? Path.GetTempPath(), $"{name}-{Guid.NewGuid():N}.ckpt");
        _files.AddRange([path, path + ".partial", path + ".tmp"]);
        return path;
    }

    [TestCleanup]
    public void DeleteFiles()
    {
        foreach (string file in _files) File.Delete(file);
    }

    private static nn.Module<Tensor, Tensor> Model(int inputs, long seed = 5)
    {
        torch.manual_seed(seed);
        return nn.Sequential(nn.Linear(inputs, 3), nn.ReLU(), nn.Linear(3, 2));
    }

    private static TorchSharp.Modules.AdamW Optimizer(nn.Module<Tensor, Tensor> model)
    {
        var optimizer = torch.optim.AdamW(model.parameters(), lr: 1e-2);
        using var x = torch.ones(4, model.parameters().First().shape[1]);
        optimizer.zero_grad();
        model.forward(x).sum().backward();
        optimizer.step();
        return optimizer;
    }

    // A small supervised checkpoint (a few hundred bytes) written through the public API.
    private static string WriteSupervised(string path, int inputs = 4)
    {
        var model = Model(inputs);
        var optimizer = Optimizer(model);
        var state = new TrainingState { Epoch = 2, Step = 7, BestEpoch = 1, BestValidationLoss = 0.5 };
        var history = new TrainingHistory();
        history.Epochs.Add(new EpochReport(1, 4, 4, 1.5, 0.5, 0.7, 100));
        history.Epochs.Add(new EpochReport(2, 4, 7, 1.2, 0.6, 0.8, 110));
        TrainingCheckpoint.Save(path, model, optimizer, state, history);
        return path;
    }

    private static InvalidDataException LoadSupervised(string path, int inputs = 4)
    {
        var model = Model(inputs, seed: 9);
        return Assert.ThrowsExactly<InvalidDataException>(() => TrainingCheckpoint.Load(path, model, Optimizer(model), new TrainingState(), new TrainingHistory()));
    }

    private static SparshSkinEncoderConfig MicroConfig(int width = 32) => SparshSkinEncoderConfig.ForSize(SparshSkinEncoderSize.Micro) with { EmbeddingDim = width };

    private static (MaskedAutoencoderModel Model, ScheduledAdamW Optimizer) Pretraining(int width = 32)
    {
        torch.manual_seed(3);
        var model = new MaskedAutoencoderModel(MicroConfig(width), 0.75);
        return (model, new ScheduledAdamW(model.parameters(), []));
    }

    private static string WritePretraining(string path)
    {
        var (model, optimizer) = Pretraining();
        PretrainingCheckpoint.Save(path, model, optimizer, new PretrainingState(3, 10, 5, 1, "MaskedAutoencoder"));
        return path;
    }

    // Replaces the SHA-256 trailer by that of the (edited) content, as a deliberate forger would: what is left to
    // catch a crafted field are the bounds checks.
    private static void Reseal(string path, byte[] content)
        => File.WriteAllBytes(path, [.. content, .. SHA256.HashData(content)]);

    private static byte[] Content(string path) => File.ReadAllBytes(path)[..^ChecksumLength];

    private void AssertNamesFile(Exception error, string path)
    {
        TestContext.WriteLine(error.Message);
        StringAssert.Contains(error.Message, $"'{path}'");
    }

    [TestMethod]
    public void ASupervisedCheckpointRoundTripsExactly()
    {
        string path = WriteSupervised(TempPath("roundtrip"));
        var saved = Model(4);
        Optimizer(saved); // the step WriteSupervised took before saving
        var model = Model(4, seed: 9);
        var optimizer = Optimizer(model);
        var state = new TrainingState();
        var history = new TrainingHistory();
        TrainingCheckpoint.Load(path, model, optimizer, state, history);

        Assert.AreEqual((2, 7L, 1, 0.5, false), (state.Epoch, state.Step, state.BestEpoch, state.BestValidationLoss, state.Stopped));
        Assert.AreEqual(2, history.Epochs.Count);
        Assert.AreEqual(new EpochReport(2, 4, 7, 1.2, 0.6, 0.8, 110), history.Epochs[1]);
        foreach (var (name, tensor) in saved.state_dict())
            Assert.IsTrue(tensor.eq(model.state_dict()[name]).all().item<bool>(), $"{name} differs after loading");
        Assert.IsFalse(File.Exists(path + ".partial"), "the temporary file is renamed");
    }

    [TestMethod]
    public void AFlippedByteAnywhereIsRefusedNamingTheFileAndTheChecksum()
    {
        string path = WriteSupervised(TempPath("flip"));
        byte[] good = File.ReadAllBytes(path);
        // In the counters, the history, the weights, the optimizer state and the checksum itself.
        foreach (int offset in new[] { 35, 60, good.Length / 2, good.Length - ChecksumLength - 10, good.Length - 1 })
        {
            byte[] bad = (byte[])good.Clone();
            bad[offset] ^= 0x10;
            File.WriteAllBytes(path, bad);
            var error = LoadSupervised(path);
            AssertNamesFile(error, path);
            StringAssert.Contains(error.Message, "checksum", $"flipped byte at {offset}");
        }
    }

    [TestMethod]
    public void AFlippedByteInAPretrainingCheckpointIsRefusedBeforeLoading()
    {
        string path = WritePretraining(TempPath("flip-pretraining"));
        byte[] bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(path, bytes);
        var (model, optimizer) = Pretraining();
        var restore = Assert.ThrowsExactly<InvalidDataException>(() => PretrainingCheckpoint.Restore(path, model, optimizer));
        var encoder = Assert.ThrowsExactly<InvalidDataException>(() => PretrainingCheckpoint.LoadEncoder(path));
        foreach (var error in new[] { restore, encoder })
        {
            AssertNamesFile(error, path);
            StringAssert.Contains(error.Message, "checksum");
        }
    }

    [TestMethod]
    public void ATruncatedCheckpointIsRefusedNamingTheFileAtEveryLength()
    {
        string supervised = WriteSupervised(TempPath("truncated"));
        string pretraining = WritePretraining(TempPath("truncated-pretraining"));
        foreach (string path in new[] { supervised, pretraining })
        {
            byte[] good = File.ReadAllBytes(path);
            foreach (int length in new[] { 0, 1, 5, 12, 33, 40, good.Length / 3, good.Length / 2, good.Length - ChecksumLength, good.Length - 1 })
            {
                File.WriteAllBytes(path, good[..length]);
                var error = path == supervised ? LoadSupervised(path) : Assert.ThrowsExactly<InvalidDataException>(() => PretrainingCheckpoint.LoadEncoder(path));
                AssertNamesFile(error, path);
            }
        }
    }

    [TestMethod]
    public void CraftedHugeHeaderFieldsAreRefusedBeforeAnythingIsAllocated()
    {
        string path = WriteSupervised(TempPath("crafted"));
        byte[] content = Content(path);
        // Layout: magic string (1 + 28 bytes), version (4), epoch (4), step (8), best epoch (4), best loss (8), stopped (1),
        // report count (4) at offset 58, two reports of 48 bytes, then the weights' tensor count at 158.
        const int reportCount = 58, tensorCount = reportCount + 4 + 2 * 48, firstName = tensorCount + 4;
        int firstRank = firstName + 1 + content[firstName];

        var cases = new (int Offset, byte[] Value, string Expected)[]
        {
            (reportCount, BitConverter.GetBytes(int.MaxValue), "epoch reports"),
            (tensorCount, BitConverter.GetBytes(int.MaxValue), "tensors"),
            (firstName, [0xFF, 0xFF, 0xFF, 0xFF, 0x07], "name of tensor 0"),
            (firstRank, BitConverter.GetBytes(int.MaxValue), "rank"),
            (firstRank + 4, BitConverter.GetBytes(1L << 40), "shape [1099511627776"),
        };
        foreach (var (offset, value, expected) in cases)
        {
            byte[] crafted = (byte[])content.Clone();
            value.CopyTo(crafted, offset);
            Reseal(path, crafted);
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            var error = LoadSupervised(path);
            Assert.IsLessThan(50_000_000L, GC.GetAllocatedBytesForCurrentThread() - allocated, $"{expected}: nothing of the declared size is allocated");
            AssertNamesFile(error, path);
            StringAssert.Contains(error.Message, expected);
        }
    }

    [TestMethod]
    public void ACraftedSectionLengthInAPretrainingCheckpointIsRefusedNamingTheBytesThatRemain()
    {
        string path = WritePretraining(TempPath("crafted-pretraining"));
        byte[] content = Content(path);
        using (var reader = new BinaryReader(new MemoryStream(content)))
        {
            reader.ReadBytes(8 + 4);
            reader.ReadString();
            reader.ReadString();
            int encoderLength = (int)reader.BaseStream.Position;
            BitConverter.GetBytes(1L << 42).CopyTo(content, encoderLength);
        }
        Reseal(path, content);
        var error = Assert.ThrowsExactly<InvalidDataException>(() => PretrainingCheckpoint.LoadEncoder(path));
        AssertNamesFile(error, path);
        StringAssert.Contains(error.Message, "the encoder section declares 4398046511104 bytes but");
    }

    [TestMethod]
    public void ACheckpointOfAnotherShapeNamesTheTensorAndBothShapes()
    {
        string path = WriteSupervised(TempPath("shape"), inputs: 4);
        var error = LoadSupervised(path, inputs: 5);
        AssertNamesFile(error, path);
        StringAssert.Contains(error.Message, "'0.weight'");
        StringAssert.Contains(error.Message, "[3, 4]");
        StringAssert.Contains(error.Message, "[3, 5]");

        string pretraining = WritePretraining(TempPath("shape-pretraining"));
        var (wider, optimizer) = Pretraining(width: 16);
        var restore = Assert.ThrowsExactly<InvalidDataException>(() => PretrainingCheckpoint.Restore(pretraining, wider, optimizer));
        AssertNamesFile(restore, pretraining);
        StringAssert.Contains(restore.Message, "the model section has shape [");
        StringAssert.Contains(restore.Message, "32");
        StringAssert.Contains(restore.Message, "16");
        StringAssert.Matches(restore.Message, new System.Text.RegularExpressions.Regex("tensor '[^']+'"));
    }

    [TestMethod]
    public void AForeignFileIsNotACheckpoint()
    {
        string path = TempPath("foreign");
        File.WriteAllText(path, "{\"not\": \"a checkpoint\"}");
        var error = LoadSupervised(path);
        AssertNamesFile(error, path);
        StringAssert.Contains(error.Message, "not a Sparsh supervised-training checkpoint");
        var encoder = Assert.ThrowsExactly<InvalidDataException>(() => PretrainingCheckpoint.LoadEncoder(path));
        StringAssert.Contains(encoder.Message, "not a Sparsh pretraining checkpoint");
    }

    [TestMethod]
    public void AVersionOneCheckpointWithoutAChecksumStillLoads()
    {
        // Version 1 wrote the optimizer state unsectioned at the end and no checksum.
        string path = TempPath("v1");
        var saved = Model(4);
        var savedOptimizer = Optimizer(saved);
        using (var writer = new BinaryWriter(File.Create(path)))
        {
            writer.Write("SPARSH-SUPERVISED-CHECKPOINT");
            writer.Write(1);
            writer.Write(3); writer.Write(9L); writer.Write(2); writer.Write(0.25); writer.Write(true);
            writer.Write(0);
            TensorFile.Write(writer, saved.state_dict());
            TensorFile.Write(writer, saved.state_dict());
            savedOptimizer.save_state_dict(writer);
        }
        var model = Model(4, seed: 9);
        var state = new TrainingState();
        TrainingCheckpoint.Load(path, model, Optimizer(model), state, new TrainingHistory());
        Assert.AreEqual((3, 9L, 2, 0.25, true), (state.Epoch, state.Step, state.BestEpoch, state.BestValidationLoss, state.Stopped));
        foreach (var (name, tensor) in saved.state_dict())
            Assert.IsTrue(tensor.eq(model.state_dict()[name]).all().item<bool>(), $"{name} differs after loading");

        // Truncated, it fails with the file's name rather than an end-of-stream error.
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 9)]);
        AssertNamesFile(LoadSupervised(path), path);
    }

    [TestMethod]
    public void AnInterruptedWriteLeavesThePreviousCheckpointLoadable()
    {
        string path = WriteSupervised(TempPath("interrupted"));
        byte[] before = File.ReadAllBytes(path);

        // A kill mid-write leaves a partial temporary file beside the checkpoint ...
        File.WriteAllBytes(path + ".partial", before[..(before.Length / 2)]);
        // ... and a write that fails half-way (here a disposed tensor among the best weights) never reaches the rename.
        var model = Model(4);
        var broken = torch.zeros(3, 4);
        broken.Dispose();
        var state = new TrainingState { Epoch = 3, BestWeights = new Dictionary<string, Tensor> { ["0.weight"] = broken } };
        Assert.Throws<InvalidOperationException>(() => TrainingCheckpoint.Save(path, model, Optimizer(model), state, new TrainingHistory()));

        CollectionAssert.AreEqual(before, File.ReadAllBytes(path), "the previous checkpoint is untouched");
        var loaded = Model(4, seed: 9);
        var loadedState = new TrainingState();
        TrainingCheckpoint.Load(path, loaded, Optimizer(loaded), loadedState, new TrainingHistory());
        Assert.AreEqual(2, loadedState.Epoch);

        string pretraining = WritePretraining(TempPath("interrupted-pretraining"));
        File.WriteAllBytes(pretraining + ".tmp", [1, 2, 3]);
        using var encoder = PretrainingCheckpoint.LoadEncoder(pretraining);
        Assert.AreEqual(32, encoder.Config.EmbeddingDim);
    }

    public sealed class Window
    {
        public string RecordingId { get; set; } = "";
        [Microsoft.ML.Data.VectorType(3, 4)] public float[] Tokens { get; set; } = [];
        [Microsoft.ML.Data.VectorType(1)] public float[] Label { get; set; } = [];
    }

    private static Sparsh.Trainers.Decoders.AttentivePoolerRegressorOptions DecoderOptions(int epochs, string? checkpoint) => new()
    {
        Epochs = epochs,
        BatchSize = 8,
        LearningRate = 3e-3,
        Heads = 2,
        HiddenWidth = 8,
        EarlyStoppingPatience = 100,
        CheckpointPath = checkpoint,
        Seed = 11,
        CpuThreads = 1,
    };

    [TestMethod]
    public void AfterAKillMidWriteTheDecoderResumesFromThePreviousCheckpointIdentically()
    {
        var mlContext = new MLContext(seed: 1);
        var random = new Random(3);
        var rows = Enumerable.Range(0, 32).Select(r =>
        {
            var tokens = Enumerable.Range(0, 12).Select(_ => (float)random.NextDouble()).ToArray();
            return new Window { RecordingId = $"rec-{r % 4}", Tokens = tokens, Label = [tokens[0] + tokens[5]] };
        }).ToList();
        var data = mlContext.Data.LoadFromEnumerable(rows);
        string checkpoint = TempPath("decoder");
        var straight = new Sparsh.Trainers.Decoders.AttentivePoolerRegressorEstimator(mlContext, DecoderOptions(4, null)).Fit(data);
        new Sparsh.Trainers.Decoders.AttentivePoolerRegressorEstimator(mlContext, DecoderOptions(2, checkpoint)).Fit(data);
        // The next checkpoint's write was killed half-way: its temporary file is left, torn.
        byte[] previous = File.ReadAllBytes(checkpoint);
        File.WriteAllBytes(checkpoint + ".partial", previous[..(previous.Length / 2)]);

        var resumed = new Sparsh.Trainers.Decoders.AttentivePoolerRegressorEstimator(mlContext, DecoderOptions(4, checkpoint)).Fit(data);
        Assert.AreEqual(4, resumed.History.Epochs.Count);
        var expected = straight.Decoder.state_dict();
        foreach (var (name, tensor) in resumed.Decoder.state_dict())
            Assert.IsTrue(tensor.eq(expected[name]).all().item<bool>(), $"{name} differs after resume");
    }
}
