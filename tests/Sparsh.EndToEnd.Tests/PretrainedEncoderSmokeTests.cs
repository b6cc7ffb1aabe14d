using Sparsh.Examples.Cli;
using Sparsh.PretrainedEncoder;
using Sparsh.Trainers.Decoders;
using Sparsh.Trainers.PyTorchImport;
using Spectre.Console.Cli.Testing;

namespace Sparsh.EndToEnd.Tests;

/// <summary>
/// The pretrained-encoder example in its smoke size, on the micro reference checkpoint of the import's parity fixture
/// (Meta's real file is not reachable from CI): checkpoint -> FineTune force decoder -> test metrics -> zip -> plain ML.NET
/// -> the fine-tuned encoder written back under the reference names.
/// </summary>
[TestClass]
public sealed class PretrainedEncoderSmokeTests
{
    private static readonly string Checkpoint = Path.Combine(AppContext.BaseDirectory, "Fixtures", "reference_micro.pth");

    [TestMethod]
    public void SmokeRunFineTunesScoresTheZipWithPlainMlNetAndWritesTheEncoderBack()
    {
        string output = Directory.CreateTempSubdirectory("sparsh-pretrained-").FullName;
        try
        {
            var options = PretrainedEncoderOptions.Smoke(Checkpoint) with { Heads = 2, OutputDirectory = output };
            var messages = new List<string>();
            var result = new PretrainedEncoderRun(options, messages.Add).Run();

            Assert.AreEqual(32, result.EncoderConfig.EmbeddingDim, "the checkpoint's encoder, not a new one");
            Assert.IsTrue(result.EncoderConfig.TokenEmbeddingNorm);
            Assert.HasCount(3, result.Test.Outputs.ToList());
            Assert.IsTrue(result.Test.Outputs.All(o => double.IsFinite(o.RootMeanSquaredError) && o.RootMeanSquaredError > 0), "finite test errors");
            Assert.IsGreaterThan(0L, result.Test.RowCount);
            Assert.AreEqual(result.Test.RowCount, result.AppRows, "plain ML.NET scored every held-out window");
            Assert.IsLessThan(1e-3, result.AppLargestDifferenceNewtons, "the zip predicts what the trained model predicts");
            Assert.IsTrue(File.Exists(result.ModelPath));
            Assert.IsTrue(messages.Any(m => m.Contains("mean [12.5, -8, 45]", StringComparison.Ordinal)), "the checkpoint's flux statistics are reported");

            // The written encoder is a reference checkpoint again, fine-tuned: same shapes, changed weights.
            using var original = ReferenceEncoderCheckpoint.Read(Checkpoint, heads: 2);
            using var written = ReferenceEncoderCheckpoint.Read(result.ExportedEncoderPath, heads: 2);
            Assert.AreEqual((original.Config.EmbeddingDim, original.Config.Depth, original.Config.TokenEmbeddingNorm, original.Config.RegisterTokens),
                (written.Config.EmbeddingDim, written.Config.Depth, written.Config.TokenEmbeddingNorm, written.Config.RegisterTokens));
            CollectionAssert.AreEqual(original.Statistics.Mean.ToArray(), written.Statistics.Mean.ToArray());
            using var before = original.CreateEncoder();
            using var after = written.CreateEncoder();
            var beforeWeights = before.state_dict()["blocks.0.attn.qkv.weight"];
            var afterWeights = after.state_dict()["blocks.0.attn.qkv.weight"];
            Assert.IsFalse(beforeWeights.allclose(afterWeights, rtol: 0, atol: 1e-7), "FineTune trained the encoder");
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [TestMethod]
    public void MissingCheckpointExitsWithOneAndSaysWhereToGetIt()
    {
        var result = Tester().Run("--smoke");
        Assert.AreEqual(1, result.ExitCode, result.Output);
        StringAssert.Contains(Flatten(result.Output), "--checkpoint is required: download xela_sparshskin_tiny.pth");
    }

    [TestMethod]
    public void OptionsOverrideTheSmokePreset()
    {
        var result = Tester().Run("--checkpoint", Checkpoint, "--smoke", "--heads", "2", "--mode", "Frozen", "--steps", "7");
        Assert.AreEqual(0, result.ExitCode, result.Output);
        var options = ((PretrainedEncoderSettings)result.Settings!).ToOptions();
        Assert.AreEqual(DecoderMode.Frozen, options.Mode);
        Assert.AreEqual(7, options.DecoderSteps);
        Assert.AreEqual(2, options.Heads);
        Assert.AreEqual(PretrainedEncoderOptions.Smoke(Checkpoint).Recordings, options.Recordings, "--smoke sizes where no option is given");
    }

    private static CommandAppTester Tester()
    {
        var tester = new CommandAppTester();
        tester.SetDefaultCommand<ParseOnlyCommand<PretrainedEncoderSettings>>();
        tester.Configure(config => ExampleApp.Configure(config, "Sparsh.PretrainedEncoder"));
        return tester;
    }

    private static string Flatten(string output) => string.Join(" ", output.Split((char[])['\n', ' '], StringSplitOptions.RemoveEmptyEntries));
}
