using Microsoft.Data.Analysis;
using Sparsh.MLNet.Studies;

namespace Sparsh.MLNet.Tests.Studies;

[TestClass]
public sealed class SampleEfficiencyComparisonTests
{
    private static DataFrame Summary(string[] modes, int[] budgets, double[] means, double[] stds) => new(
        new StringDataFrameColumn("Mode", modes),
        new Int32DataFrameColumn("BudgetRecordings", budgets),
        new Int32DataFrameColumn("Seeds", budgets.Select(_ => 3)),
        new DoubleDataFrameColumn("TestMeanRmseMean", means),
        new DoubleDataFrameColumn("TestMeanRmseStd", stds),
        new DoubleDataFrameColumn("TestNormalizedRmseMean", means.Select(m => m / 2)),
        new DoubleDataFrameColumn("TestNormalizedRmseStd", stds.Select(s => s / 2)),
        new StringDataFrameColumn("ChosenSettings", modes.Select(_ => "0.001")));

    [TestMethod]
    public void SummariesWrittenAsCsvComeBackAsOneTableRowPerEncoderAndMode()
    {
        string folder = Directory.CreateTempSubdirectory("sparsh-comparison-").FullName;
        try
        {
            string force = Path.Combine(folder, "force.csv"), pose = Path.Combine(folder, "pose.csv");
            DataFrame.SaveCsv(Summary(["Frozen", "Frozen", "FineTune", "FineTune"], [1, 4, 1, 4], [1.5, 0.75, 1.25, 0.5], [0.25, 0.125, 0.5, 0.07]), force,
                cultureInfo: System.Globalization.CultureInfo.InvariantCulture);
            DataFrame.SaveCsv(Summary(["EndToEnd", "EndToEnd"], [1, 4], [2.0, 1.0], [0.5, 0.25]), pose, cultureInfo: System.Globalization.CultureInfo.InvariantCulture);

            var rows = SampleEfficiencyComparison.ReadSummary(force, "force", "mae").Concat(SampleEfficiencyComparison.ReadSummary(pose, "pose", "none")).ToList();
            Assert.HasCount(6, rows);
            var frozen4 = rows.Single(r => r.Encoder == "mae" && r.Mode == "Frozen" && r.BudgetRecordings == 4);
            Assert.AreEqual(("force", 3, 0.75, 0.125, 0.375, 0.0625), (frozen4.Task, frozen4.Seeds, frozen4.TestMeanRmseMean, frozen4.TestMeanRmseStd,
                frozen4.TestNormalizedRmseMean, frozen4.TestNormalizedRmseStd));

            string[] lines = SampleEfficiencyComparison.Markdown(rows).TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
            Assert.AreEqual("| encoder | mode | force, 1 rec. | force, 4 rec. | pose, 1 rec. | pose, 4 rec. |", lines[0]);
            Assert.AreEqual("| mae | FineTune | 1.250 ± 0.500 | 0.500 ± 0.070 | — | — |", lines[2], "recipes first, modes in order, a dash where a mode did not run");
            Assert.AreEqual("| mae | Frozen | 1.500 ± 0.250 | 0.750 ± 0.125 | — | — |", lines[3]);
            Assert.AreEqual("| none | EndToEnd | — | — | 2.000 ± 0.500 | 1.000 ± 0.250 |", lines[4], "the random-start baselines last");

            string png = Path.Combine(folder, "force.png");
            SampleEfficiencyComparison.PlotTask(png, "force", rows);
            Assert.IsGreaterThan(1000L, new FileInfo(png).Length, "the plot is written");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void AFileThatIsNotASummaryIsAnErrorNamingTheFileAndTheColumn()
    {
        string path = Path.Combine(Path.GetTempPath(), $"sparsh-not-a-summary-{Guid.NewGuid():N}.csv");
        try
        {
            File.WriteAllText(path, "Mode,BudgetRecordings\nFrozen,1\n");
            var error = Assert.ThrowsExactly<InvalidDataException>(() => SampleEfficiencyComparison.ReadSummary(path, "force", "mae"));
            StringAssert.Contains(error.Message, path);
            StringAssert.Contains(error.Message, "no column 'Seeds'");
            Assert.ThrowsExactly<FileNotFoundException>(() => SampleEfficiencyComparison.ReadSummary(path + ".missing", "force", "mae"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
