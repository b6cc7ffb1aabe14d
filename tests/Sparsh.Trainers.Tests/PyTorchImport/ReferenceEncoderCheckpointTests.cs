using Sparsh.Trainers.Encoder;
using Sparsh.Trainers.PyTorchImport;
using Sparsh.Transforms.Hand;
using Sparsh.Transforms.Xela;
using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Tests.PyTorchImport;

/// <summary>
/// Reference checkpoints (the fixtures of tools/fixtures/reference_encoder_fixture.py: a micro XelaTransformer with random
/// weights, dim 32, depth 2, 2 heads) load into our encoder and reproduce the reference outputs; damaged files are refused
/// naming the file and the key; our encoder written back under the reference names equals the reference file.
/// </summary>
[TestClass]
public sealed class ReferenceEncoderCheckpointTests
{
    private const int MicroHeads = 2;
    private static readonly string FixtureDirectory = Path.Combine(AppContext.BaseDirectory, "PyTorchImport", "Fixtures");

    public TestContext TestContext { get; set; } = null!;

    private static string Fixture(string name) => Path.Combine(FixtureDirectory, name);

    private readonly List<string> _written = [];

    private string TempPath(string extension)
    {
        string path = Path.Combine(Path.GetTempPath(), $"sparsh-reference-{Guid.NewGuid():N}{extension}");
        _written.Add(path);
        return path;
    }

    [TestCleanup]
    public void DeleteWrittenFiles()
    {
        foreach (var path in _written.Where(File.Exists)) File.Delete(path);
    }

    [TestMethod]
    [DataRow("reference_micro", ".pth", true)]
    [DataRow("reference_micro", ".safetensors", true)]
    [DataRow("reference_micro_plain", ".pth", false)]
    [DataRow("reference_micro_plain", ".safetensors", false)]
    public void ImportedEncoderMatchesTheReferenceOutputs(string variant, string extension, bool tokenizerNorm)
    {
        torch.set_num_threads(2);
        using var checkpoint = ReferenceEncoderCheckpoint.Read(Fixture(variant + extension), heads: MicroHeads);
        Assert.AreEqual(32, checkpoint.Config.EmbeddingDim);
        Assert.AreEqual(2, checkpoint.Config.Depth);
        Assert.AreEqual(4.0, checkpoint.Config.MlpRatio);
        Assert.AreEqual(10, checkpoint.Config.FrameCount);
        Assert.AreEqual(1, checkpoint.Config.RegisterTokens);
        Assert.AreEqual(tokenizerNorm, checkpoint.Config.TokenEmbeddingNorm);
        Assert.AreEqual("", checkpoint.KeyPrefix);
        CollectionAssert.AreEqual(new[] { 12.5, -8.0, 45.0 }, checkpoint.Statistics.Mean.ToArray());
        CollectionAssert.AreEqual(new[] { 85.0, 70.0, 160.0 }, checkpoint.Statistics.Std.ToArray());

        using var encoder = checkpoint.CreateEncoder();
        var io = SafetensorsTestFile.Read(Fixture(variant + "_io.safetensors"));
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var tokens = encoder.forward(NormalisedWindows(io["windows"], checkpoint));
        var expected = torch.cat([Tensor(io["registers"]), Tensor(io["patch_tokens"])], 1);
        CollectionAssert.AreEqual(expected.shape, tokens.shape);
        float worst = (tokens - expected).abs().max().item<float>(), scale = expected.abs().max().item<float>();
        TestContext.WriteLine($"{variant}{extension}: largest difference {worst:G3} (largest output {scale:G3})");
        Assert.IsTrue(scale > 0.5f, $"reference outputs are degenerate (max |value| {scale})");
        Assert.IsTrue(worst <= 1e-4f * scale, $"largest difference {worst} exceeds 1e-4 of the largest output {scale}");
    }

    [TestMethod]
    public void TaxelTypesFollowTheReferenceFlattenOrder()
    {
        // The fixture records the reference's type row (4x4, 4x6, curved) of every taxel in its flatten order.
        var referenceRows = SafetensorsTestFile.Read(Fixture("reference_micro_io.safetensors"))["taxel_types"].Longs();
        var ours = HandModel.AllegroXela.Taxels.Select(t => t.Type switch
        {
            TaxelType.Patch4x4 => 0L,
            TaxelType.Palm4x6 => 1L,
            _ => 2L,
        }).ToArray();
        CollectionAssert.AreEqual(referenceRows, ours);
    }

    [TestMethod]
    public void WrittenBackUnderTheReferenceNamesTheFileEqualsTheReferenceFile()
    {
        foreach (var extension in new[] { ".safetensors", ".pth" })
        {
            using var checkpoint = ReferenceEncoderCheckpoint.Read(Fixture("reference_micro.safetensors"), heads: MicroHeads);
            using var encoder = checkpoint.CreateEncoder();
            string path = TempPath(extension);
            ReferenceEncoderCheckpoint.Write(encoder, path, checkpoint.Statistics);

            if (extension == ".safetensors")
            {
                var original = SafetensorsTestFile.Read(Fixture("reference_micro.safetensors"));
                var written = SafetensorsTestFile.Read(path);
                CollectionAssert.AreEquivalent(original.Keys.ToList(), written.Keys.ToList());
                foreach (var (key, entry) in original)
                {
                    CollectionAssert.AreEqual(entry.Shape, written[key].Shape, key);
                    CollectionAssert.AreEqual(entry.Data, written[key].Data, $"{key}: values differ");
                }
            }
            using var again = ReferenceEncoderCheckpoint.Read(path, heads: MicroHeads);
            using var reloaded = again.CreateEncoder();
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            torch.random.manual_seed(3);
            var windows = torch.randn(1, 10, 368, 6);
            Assert.IsTrue(encoder.forward(windows).eq(reloaded.forward(windows)).all().item<bool>(), $"{extension}: outputs differ after the round trip");
            CollectionAssert.AreEqual(checkpoint.Statistics.Mean.ToArray(), again.Statistics.Mean.ToArray());
        }
    }

    [TestMethod]
    public void EncoderUnderATrainingCheckpointPrefixIsFoundAndTheRestIgnored()
    {
        var entries = SafetensorsTestFile.Read(Fixture("reference_micro.safetensors"));
        var prefixed = entries.ToDictionary(e => "teacher_encoder.backbone." + e.Key, e => e.Value);
        prefixed["dino_head.last_layer.weight"] = SafetensorsTestFile.Floats([4, 32], 0.5f);
        string path = TempPath(".safetensors");
        SafetensorsTestFile.Write(path, prefixed);

        using var checkpoint = ReferenceEncoderCheckpoint.Read(path, heads: MicroHeads);
        Assert.AreEqual("teacher_encoder.backbone.", checkpoint.KeyPrefix);
        CollectionAssert.AreEqual(new[] { "dino_head.last_layer.weight" }, checkpoint.IgnoredKeys.ToArray());
        using var encoder = checkpoint.CreateEncoder();
        Assert.AreEqual(32, encoder.Config.EmbeddingDim);
    }

    [TestMethod]
    public void UnknownKeyIsNamed()
    {
        var path = Damaged(entries =>
        {
            entries["norm.scale"] = entries["norm.weight"];
            entries.Remove("norm.weight");
        });
        var error = Assert.ThrowsExactly<InvalidDataException>(() => ReferenceEncoderCheckpoint.Read(path, heads: MicroHeads));
        StringAssert.Contains(error.Message, path);
        StringAssert.Contains(error.Message, "unknown key 'norm.scale'");
    }

    [TestMethod]
    public void MissingKeyIsNamedWithItsShape()
    {
        var path = Damaged(entries => entries.Remove("blocks.1.attn.proj.bias"));
        var error = Assert.ThrowsExactly<InvalidDataException>(() => ReferenceEncoderCheckpoint.Read(path, heads: MicroHeads));
        StringAssert.Contains(error.Message, path);
        StringAssert.Contains(error.Message, "missing key 'blocks.1.attn.proj.bias', expected shape [32]");
    }

    [TestMethod]
    public void WrongShapeIsNamedWithTheExpectedShape()
    {
        var path = Damaged(entries => entries["blocks.1.mlp.fc1.weight"] = SafetensorsTestFile.Floats([100, 32], 0.1f));
        var error = Assert.ThrowsExactly<InvalidDataException>(() => ReferenceEncoderCheckpoint.Read(path, heads: MicroHeads));
        StringAssert.Contains(error.Message, path);
        StringAssert.Contains(error.Message, "key 'blocks.1.mlp.fc1.weight' has shape [100, 32], expected [128, 32]");
    }

    [TestMethod]
    public void SeveralTokensPerTaxelAreRefusedNamingThePositionEmbedding()
    {
        var path = Damaged(entries => entries["pos_embed"] = SafetensorsTestFile.Floats([1, 2 * 368, 32], 0.1f));
        var error = Assert.ThrowsExactly<InvalidDataException>(() => ReferenceEncoderCheckpoint.Read(path, heads: MicroHeads));
        StringAssert.Contains(error.Message, "key 'pos_embed' has shape [1, 736, 32]");
        StringAssert.Contains(error.Message, "time_chunk_size < sequence_length");
    }

    [TestMethod]
    public void AnotherModelsCheckpointIsRefused()
    {
        string path = TempPath(".safetensors");
        SafetensorsTestFile.Write(path, new Dictionary<string, SafetensorsTestFile.Entry>
        {
            ["fc.weight"] = SafetensorsTestFile.Floats([4, 8], 1f),
            ["fc.bias"] = SafetensorsTestFile.Floats([4], 0f),
        });
        var error = Assert.ThrowsExactly<InvalidDataException>(() => ReferenceEncoderCheckpoint.Read(path));
        StringAssert.Contains(error.Message, path);
        StringAssert.Contains(error.Message, "not a Sparsh-skin (XelaTransformer) encoder checkpoint");
        StringAssert.Contains(error.Message, "'fc.weight'");
    }

    [TestMethod]
    [DataRow("reference_micro.safetensors", "truncated")]
    [DataRow("reference_micro.pth", "truncated or not a torch.save checkpoint")]
    public void TruncatedFileIsNamed(string fixture, string expected)
    {
        var bytes = File.ReadAllBytes(Fixture(fixture));
        string path = TempPath(Path.GetExtension(fixture));
        File.WriteAllBytes(path, bytes[..(bytes.Length * 2 / 3)]);
        var error = Assert.ThrowsExactly<InvalidDataException>(() => ReferenceEncoderCheckpoint.Read(path, heads: MicroHeads));
        StringAssert.Contains(error.Message, path);
        StringAssert.Contains(error.Message, expected);
    }

    [TestMethod]
    public void PickledCodeIsNotRunAndTheFileIsRefused()
    {
        // hostile_reduce.pth: 'pos_embed' unpickles by calling os.system("echo ran > sparsh_hostile_checkpoint_ran").
        string marker = Path.Combine(Environment.CurrentDirectory, "sparsh_hostile_checkpoint_ran");
        Assert.IsFalse(File.Exists(marker), "marker left over from elsewhere");
        var error = Assert.ThrowsExactly<InvalidDataException>(() => ReferenceEncoderCheckpoint.Read(Fixture("hostile_reduce.pth")));
        StringAssert.Contains(error.Message, "hostile_reduce.pth");
        StringAssert.Contains(error.Message, "it pickles a call to 'posix.system', which is neither a tensor nor a container; refused, nothing of it run");
        Assert.IsFalse(File.Exists(marker), "the pickled os.system call ran");
    }

    [TestMethod]
    public void HeadCountOfAnUnknownSizeMustBeGiven()
    {
        var error = Assert.ThrowsExactly<InvalidDataException>(() => ReferenceEncoderCheckpoint.Read(Fixture("reference_micro.pth")));
        StringAssert.Contains(error.Message, "dim 32");
        StringAssert.Contains(error.Message, "Pass heads explicitly");
    }

    [TestMethod]
    public void LayerScaleIsFoldedIntoTheLinearItScales()
    {
        // gamma = 0.5 on every block's attention and MLP output equals halving those Linears' weights and biases.
        var path = Damaged(entries =>
        {
            foreach (var block in new[] { 0, 1 })
            {
                entries[$"blocks.{block}.ls1.gamma"] = SafetensorsTestFile.Floats([32], 0.5f);
                entries[$"blocks.{block}.ls2.gamma"] = SafetensorsTestFile.Floats([32], 0.5f);
            }
        });
        using var scaled = ReferenceEncoderCheckpoint.Read(path, heads: MicroHeads);
        using var plain = ReferenceEncoderCheckpoint.Read(Fixture("reference_micro.safetensors"), heads: MicroHeads);
        using var scaledEncoder = scaled.CreateEncoder();
        using var plainEncoder = plain.CreateEncoder();
        var scaledState = scaledEncoder.state_dict();
        var plainState = plainEncoder.state_dict();
        foreach (var key in new[] { "blocks.0.attn.proj.weight", "blocks.1.mlp.fc2.bias" })
        {
            var expected = plainState[key].mul(0.5).data<float>().ToArray();
            CollectionAssert.AreEqual(expected, scaledState[key].data<float>().ToArray(), key);
        }
    }

    private string Damaged(Action<Dictionary<string, SafetensorsTestFile.Entry>> damage)
    {
        var entries = SafetensorsTestFile.Read(Fixture("reference_micro.safetensors"));
        damage(entries);
        string path = TempPath(".safetensors");
        SafetensorsTestFile.Write(path, entries);
        return path;
    }

    /// <summary>The raw windows [B, F, T, 6] with their flux normalised by the checkpoint's statistics, as the pipeline's XelaNormalization does.</summary>
    private static Tensor NormalisedWindows(SafetensorsTestFile.Entry raw, ReferenceEncoderCheckpoint checkpoint)
    {
        var values = raw.Floats();
        long frames = raw.Shape[0] * raw.Shape[1], taxels = raw.Shape[2];
        var flux = new float[XelaSkin.ValuesPerFrame];
        for (long frame = 0; frame < frames; frame++)
        {
            for (long taxel = 0; taxel < taxels; taxel++)
                for (int axis = 0; axis < 3; axis++) flux[taxel * 3 + axis] = values[(frame * taxels + taxel) * 6 + axis];
            checkpoint.Statistics.Normalize(flux);
            for (long taxel = 0; taxel < taxels; taxel++)
                for (int axis = 0; axis < 3; axis++) values[(frame * taxels + taxel) * 6 + axis] = flux[taxel * 3 + axis];
        }
        return torch.tensor(values).reshape(raw.Shape);
    }

    private static Tensor Tensor(SafetensorsTestFile.Entry entry) => torch.tensor(entry.Floats()).reshape(entry.Shape);
}
