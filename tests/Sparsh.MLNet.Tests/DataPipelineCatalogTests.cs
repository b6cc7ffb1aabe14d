using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Transforms.Recordings;
using Sparsh.Transforms.Windowing;
using Sparsh.Transforms.Xela;

namespace Sparsh.MLNet.Tests;

[TestClass]
public sealed class DataPipelineCatalogTests
{
    [TestMethod]
    public void RecordingFoldersBecomeNormalisedWindowsWithPositionsThroughTheCatalog()
    {
        string root = Directory.CreateTempSubdirectory("sparsh-catalog-").FullName;
        try
        {
            var folders = new[] { "a", "b" }.Select((id, r) =>
            {
                int frames = 35 + 10 * r; // 0.35 s and 0.45 s
                var times = Enumerable.Range(0, frames).Select(k => k / 100.0).ToArray();
                var magnetic = Enumerable.Range(0, frames * XelaSkin.ValuesPerFrame).Select(i => 30000f + i % 977).ToArray();
                var joints = Enumerable.Range(0, frames * XelaSkin.JointCount).Select(i => 0.5f).ToArray();
                var recording = new XelaRecording(id, new TimeSeries("magnetic", XelaSkin.ValuesPerFrame, times, magnetic, "counts"),
                    new TimeSeries("joints", XelaSkin.JointCount, times, joints, "rad"), skinId: $"skin-{id}");
                string folder = Path.Combine(root, id);
                recording.Save(folder);
                return folder;
            }).ToList();

            var mlContext = new MLContext(seed: 1);
            var frames = mlContext.Sparsh().LoadFrames(folders);
            var pipeline = mlContext.Sparsh().XelaWindowing(new XelaWindowingOptions { WindowLengthFrames = 10, StrideFrames = 5 })
                .Append(mlContext.Sparsh().KinematicPositions())
                .Append(mlContext.Sparsh().XelaNormalization());
            var windows = pipeline.Fit(frames).Transform(frames);

            // Recording a: 35 frames -> starts 0,5,...,25 (6 windows); b: 45 frames -> 8 windows.
            var ids = windows.GetColumn<string>(XelaColumnNames.RecordingId).ToArray();
            Assert.AreEqual(6, ids.Count(i => i == "a"));
            Assert.AreEqual(8, ids.Count(i => i == "b"));
            var skins = windows.GetColumn<string>("SkinId").ToArray();
            CollectionAssert.AreEqual(ids.Select(i => $"skin-{i}").ToArray(), skins, "each window carries its recording's skin");
            var positions = windows.GetColumn<float[]>(XelaColumnNames.TaxelPositions).First();
            Assert.AreEqual(10 * XelaSkin.ValuesPerFrame, positions.Length);
            Assert.IsTrue(positions.All(p => Math.Abs(p) < 0.3f), "taxel positions are within 30 cm of the palm origin");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
