using Sparsh.MLNet.Reports;

namespace Sparsh.MLNet.Tests.Reports;

[TestClass]
public sealed class SimulatorReportTests
{
    [TestMethod]
    public void ReportHasItsThreeFigures()
    {
        string directory = Directory.CreateTempSubdirectory("sparsh-simreport-").FullName;
        try
        {
            string text = File.ReadAllText(SimulatorReport.Write(directory, seed: 2, durationSeconds: 4));
            foreach (string figure in new[] { "press_release_traces.png", "hysteresis.png", "hand_map.png" })
            {
                StringAssert.Contains(text, $"({figure})");
                Assert.IsGreaterThan(10_000L, new FileInfo(Path.Combine(directory, figure)).Length, $"{figure} is a real plot");
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
