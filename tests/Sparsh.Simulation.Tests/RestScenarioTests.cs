using Sparsh.Simulation.Scenarios;
using Sparsh.Simulation.Skins;
using Sparsh.Transforms.Hand;
using Sparsh.Transforms.Preprocessing;
using Sparsh.Transforms.Xela;

namespace Sparsh.Simulation.Tests;

[TestClass]
public sealed class RestScenarioTests
{
    [TestMethod]
    public void RestBaselineTaresAnotherRecordingOfTheSameSkinToNearZero()
    {
        var hand = HandModel.AllegroXela;
        var skin = SkinProfile.Generate("skin-r", seed: 8, hand.TaxelCount);
        var options = new ScenarioOptions { DurationSeconds = 1.0 };
        var rest = new RestScenario(options, hand).Generate(skin, seed: 1);
        Assert.AreEqual(0, rest.Labels.Count, "rest has no labels");
        Assert.AreEqual(RestScenario.TaskName, rest.Task);

        var baseline = TaxelBaseline.FromRest(rest);
        var later = RecordingPreprocessor.Align(new RestScenario(options, hand).Generate(skin, seed: 2));
        var frame = later.MagneticFrame(later.FrameCount / 2).ToArray();
        var raw = frame.ToArray();
        baseline.Subtract(frame);

        var valid = Enumerable.Range(0, XelaSkin.ValuesPerFrame).Where(i => raw[i] != 0).ToArray();
        Assert.IsGreaterThan(XelaSkin.ValuesPerFrame * 0.9, valid.Length, "most values are valid");
        double rawSpread = Math.Sqrt(valid.Average(i => Math.Pow(raw[i] - valid.Average(j => raw[j]), 2)));
        double taredSpread = Math.Sqrt(valid.Average(i => Math.Pow(frame[i], 2)));
        Assert.IsGreaterThan(1000, rawSpread, "raw offsets differ by thousands of counts between taxels");
        Assert.IsLessThan(60, taredSpread, $"after taring only noise and drift remain (rms {taredSpread:F1} counts)");
    }
}
