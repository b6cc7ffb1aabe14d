using Sparsh.MLNet.Reports;
using Sparsh.Transforms.Hand;

namespace Sparsh.MLNet.Tests.Reports;

[TestClass]
public sealed class ReportTests
{
    private string _directory = "";

    [TestInitialize]
    public void Create() => _directory = Directory.CreateTempSubdirectory("sparsh-report-").FullName;

    [TestCleanup]
    public void Delete() => Directory.Delete(_directory, recursive: true);

    [TestMethod]
    public void HandMapLayoutSeparatesPatchesAndKeepsTaxelSpacing()
    {
        var hand = HandModel.AllegroXela;
        var (x, y) = HandMapLayout.Compute(hand);
        // Neighbouring 4x4 taxels stay 4.67 mm apart; different patches do not overlap.
        int a = hand.IndexOfTaxel("link_2_4x4_1"), b = hand.IndexOfTaxel("link_2_4x4_2");
        Assert.AreEqual(4.67, Math.Sqrt(Math.Pow(x[a] - x[b], 2) + Math.Pow(y[a] - y[b], 2)), 0.01);
        var boxes = hand.Patches.Select(p => hand.Taxels.Where(t => t.PatchName == p.Name).Select(t => t.Index).ToArray())
            .Select(i => (MinX: i.Min(k => x[k]), MaxX: i.Max(k => x[k]), MinY: i.Min(k => y[k]), MaxY: i.Max(k => y[k]))).ToArray();
        for (int i = 0; i < boxes.Length; i++)
            for (int j = i + 1; j < boxes.Length; j++)
                Assert.IsFalse(boxes[i].MinX < boxes[j].MaxX && boxes[j].MinX < boxes[i].MaxX && boxes[i].MinY < boxes[j].MaxY && boxes[j].MinY < boxes[i].MaxY,
                    $"patches {hand.Patches[i].Name} and {hand.Patches[j].Name} overlap on the map");
    }

    [TestMethod]
    public void PlotsAreWrittenAsPngFiles()
    {
        var hand = HandModel.AllegroXela;
        var activation = hand.Taxels.Select(t => t.PatchName == "1aftc" ? 100.0 + t.NumberInPatch : 0.0).ToArray();
        string map = Path.Combine(_directory, "hand.png"), lines = Path.Combine(_directory, "lines.png");
        ReportPlots.HandMap(map, "Middle fingertip pressed", "|flux change| (counts)", hand, activation);
        ReportPlots.Lines(lines, "Loss", "step", "loss", [new ReportPlots.Series("train", [1, 2, 3], [3, 2, 1])], logY: true);

        foreach (string png in new[] { map, lines })
        {
            var header = File.ReadAllBytes(png).Take(8).ToArray();
            CollectionAssert.AreEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, header, png);
        }
    }

    [TestMethod]
    public void MarkdownReportHasTablesAndFigures()
    {
        var report = new MarkdownReport(_directory, "Quickstart");
        report.Heading("Force").Table(["mode", "RMSE (N)"], [["Frozen", 0.123456], ["EndToEnd", double.NaN]]).Figure("force.png", "Predicted vs true force");
        string text = File.ReadAllText(report.Save());
        StringAssert.StartsWith(text, "# Quickstart");
        StringAssert.Contains(text, "| Frozen | 0.1235 |");
        StringAssert.Contains(text, "| EndToEnd | n/a |");
        StringAssert.Contains(text, "![Predicted vs true force](force.png)");
    }
}
