using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.MLNet.Preparation;
using Sparsh.Trainers.LinearProbe;
using Sparsh.Trainers.Pretraining;
using Sparsh.Transforms.Preprocessing;
using Sparsh.Transforms.Recordings;
using Sparsh.Transforms.SparshSkinDataset;
using Sparsh.Transforms.Xela;

namespace Sparsh.MLNet.Tests;

[TestClass]
public sealed class SparshSkinDatasetCatalogTests
{
    private static string Fixture(string part) => Path.Combine(AppContext.BaseDirectory, "fixtures", "sparsh-skin-dataset", part);

    /// <summary>
    /// The converted fixture (the layout of Meta's release) goes through the same steps as the Quickstart's simulated data:
    /// tare from the rest recording, windows, positions and normalisation fitted on play, pretraining, then a probe on the
    /// force-estimation episodes.
    /// </summary>
    [TestMethod]
    public void ConvertedReleaseLayoutWindowsPretrainsAndTrainsAForceProbe()
    {
        string root = Directory.CreateTempSubdirectory("sparsh-release-").FullName;
        try
        {
            var mlContext = new MLContext(seed: 1);
            var logged = new List<string>();
            mlContext.Log += (_, e) => { if (e.Message.Contains("XELA frames")) logged.Add(e.Message); };
            string play = Path.Combine(root, "pretraining"), force = Path.Combine(root, "force");
            var conversion = mlContext.Sparsh().ConvertSparshSkinDataset(Fixture("pretraining"), play);
            mlContext.Sparsh().ConvertSparshSkinDataset(Fixture("force_estimation"), force);
            Assert.AreEqual(5 + 3, logged.Count, "one log line per converted sequence");
            StringAssert.Contains(logged[0], "[1/5] baseline");

            var rest = DatasetManifest.LoadRecording(play, conversion.Manifest.Recordings.Single(r => r.Task == SparshSkinDatasetReader.RestTask));
            var preparation = WindowPreparation.Fit(mlContext, mlContext.Sparsh().LoadFrames(play, SparshSkinDatasetReader.PlayTask, DatasetSplit.Train),
                TaxelBaseline.FromRest(rest));
            var trainWindows = preparation.Windows(mlContext.Sparsh().LoadFrames(play, SparshSkinDatasetReader.PlayTask, DatasetSplit.Train));
            var validationWindows = preparation.Windows(mlContext.Sparsh().LoadFrames(play, SparshSkinDatasetReader.PlayTask, DatasetSplit.Validation));
            // 24 XELA frames (0.23 s) per sequence: 2 windows of 0.1 s each; cup/0 and sponge/0 train, cup/9 and sponge/9 validate.
            var ids = trainWindows.GetColumn<string>(XelaColumnNames.RecordingId).ToArray();
            CollectionAssert.AreEqual(new[] { "cup_0", "cup_0", "sponge_0", "sponge_0" }, ids);
            Assert.AreEqual(4, validationWindows.GetColumn<string>(XelaColumnNames.RecordingId).Count());
            var magnetic = trainWindows.GetColumn<float[]>(XelaColumnNames.Magnetic).ToArray();
            Assert.IsTrue(magnetic.All(w => w.Length == 10 * XelaSkin.ValuesPerFrame && w.All(float.IsFinite)));
            Assert.IsTrue(magnetic.Any(w => w.Any(v => Math.Abs(v) > 0.5f)), "normalised press waves, not all zeros");
            Assert.IsTrue(magnetic[0].Where((_, i) => i / 3 % XelaSkin.TaxelCount == 104).All(v => v == 0f), "the broken taxel 104 of cup/0 is flagged invalid (0)");

            string checkpoint = Path.Combine(root, "encoder.ckpt");
            var options = SparshPretrainingOptions.Cpu();
            options.Epochs = 1;
            options.BatchSize = 2;
            options.CheckpointPath = checkpoint;
            var encoder = mlContext.Sparsh().Pretrain(options).Fit(trainWindows);
            var embeddings = encoder.Transform(validationWindows).GetColumn<float[]>("Embedding").ToArray();
            Assert.AreEqual(4, embeddings.Length);
            Assert.IsTrue(embeddings.All(e => e.Length == options.Encoder.EmbeddingDim && e.All(float.IsFinite)));

            var forceWindows = preparation.Windows(mlContext.Sparsh().LoadFrames(force, SparshSkinDatasetReader.ForceTask), "force");
            var probe = mlContext.Sparsh().LinearProbe(new LinearProbeOptions { FeatureColumnName = "Embedding", LabelColumnName = "force" })
                .Fit(encoder.Transform(forceWindows));
            var scores = probe.Transform(encoder.Transform(forceWindows)).GetColumn<float[]>("Score").ToArray();
            Assert.AreEqual(6, scores.Length, "3 episodes x 2 windows");
            Assert.IsTrue(scores.All(s => s.Length == 3 && s.All(float.IsFinite)));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
