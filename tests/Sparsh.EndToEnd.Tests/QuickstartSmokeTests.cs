using Sparsh.Quickstart;

namespace Sparsh.EndToEnd.Tests;

[TestClass]
public sealed class QuickstartSmokeTests
{
    [TestMethod]
    public void SmokePipelineLearnsTheSyntheticForce()
    {
        var lines = new List<string>();
        double rmse = SmokePipeline.Run(frames: 200, seed: 1, report: lines.Add);
        Assert.IsLessThan(0.1, rmse, $"RMSE {rmse} N; the synthetic force is an exact linear function of the features");
        Assert.IsTrue(lines.Any(l => l.Contains("RMSE")), "the run reports its result");
    }
}
