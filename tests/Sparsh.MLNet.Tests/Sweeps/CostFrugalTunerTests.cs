using Sparsh.MLNet.Sweeps;
using static Sparsh.MLNet.Sweeps.SweepParameterNames;

namespace Sparsh.MLNet.Tests.Sweeps;

[TestClass]
public sealed class CostFrugalTunerTests
{
    // A smooth bowl with its minimum at (x, y) = (0.7, 0.3); no ML, so the tuner alone is tested.
    private static readonly SweepSearchSpace Bowl = new([new SweepFamilySpace(SweepFamily.Sdca,
        [ParameterDomain.Uniform("x", 0, 1), ParameterDomain.Uniform("y", 0, 1)])]);

    private static double BowlLoss(SweepTrial trial) =>
        Math.Pow(trial.Parameters.GetDouble("x") - 0.7, 2) + Math.Pow(trial.Parameters.GetDouble("y") - 0.3, 2);

    private static List<(SweepTrial Trial, double Loss)> Drive(ITuner tuner, int trials, Func<SweepTrial, double> loss, Func<SweepTrial, double>? seconds = null)
    {
        var history = new List<(SweepTrial, double)>();
        for (int id = 0; id < trials; id++)
        {
            var trial = tuner.Propose(id)!;
            double value = loss(trial);
            history.Add((trial, value));
            tuner.Update(new SweepTrialResult
            {
                Id = id, Family = trial.Family, Parameters = trial.Parameters.Values.ToDictionary(), Status = SweepTrialStatus.Completed,
                FoldScores = [value], Mean = value, Seconds = seconds?.Invoke(trial) ?? 1,
            });
        }
        return history;
    }

    [TestMethod]
    public void EachFamilyStartsAtItsCheapEnd()
    {
        var space = new SweepSearchSpace(
        [
            new SweepFamilySpace(SweepFamily.FastTree, [ParameterDomain.IntRange(NumberOfTrees, 20, 200), ParameterDomain.IntRange(NumberOfLeaves, 4, 32),
                ParameterDomain.LogUniform(LearningRate, 0.01, 1)]),
            new SweepFamilySpace(SweepFamily.AttentivePooler, [ParameterDomain.IntRange(Epochs, 5, 30), ParameterDomain.Choice(Mode, "Frozen", "FineTune")]),
        ]);
        var tuner = new CostFrugalTuner(space, seed: 1);

        var first = tuner.Propose(0)!;
        var second = tuner.Propose(1)!;

        Assert.AreEqual(SweepFamily.FastTree, first.Family);
        Assert.AreEqual(20, first.Parameters.GetInt(NumberOfTrees));
        Assert.AreEqual(4, first.Parameters.GetInt(NumberOfLeaves));
        Assert.AreEqual(0.1, first.Parameters.GetDouble(LearningRate), 1e-9, "a parameter without a cost end starts mid-range (log scale)");
        Assert.AreEqual(SweepFamily.AttentivePooler, second.Family);
        Assert.AreEqual(5, second.Parameters.GetInt(Epochs));
        Assert.AreEqual("Frozen", second.Parameters.GetString(Mode));
    }

    [TestMethod]
    public void TheSameSeedAndResultsProposeTheSameTrials()
    {
        var a = Drive(new CostFrugalTuner(Bowl, seed: 4), 25, BowlLoss);
        var b = Drive(new CostFrugalTuner(Bowl, seed: 4), 25, BowlLoss);
        var c = Drive(new CostFrugalTuner(Bowl, seed: 5), 25, BowlLoss);

        CollectionAssert.AreEqual(a.Select(t => t.Trial.Parameters.ToString()).ToArray(), b.Select(t => t.Trial.Parameters.ToString()).ToArray());
        CollectionAssert.AreNotEqual(a.Select(t => t.Trial.Parameters.ToString()).ToArray(), c.Select(t => t.Trial.Parameters.ToString()).ToArray());
        Assert.AreEqual(25, a.Select(t => t.Trial.Parameters).Distinct().Count(), "no trial is proposed twice");
    }

    [TestMethod]
    public void OnASmoothBowlItGetsCloserThanRandomSearchWithTheSameTrials()
    {
        var frugal = new List<double>();
        var random = new List<double>();
        for (int seed = 1; seed <= 5; seed++)
        {
            frugal.Add(Drive(new CostFrugalTuner(Bowl, seed), 30, BowlLoss).Min(t => t.Loss));
            random.Add(Drive(new RandomTuner(Bowl, seed), 30, BowlLoss).Min(t => t.Loss));
        }
        double frugalMedian = frugal.Order().ElementAt(2), randomMedian = random.Order().ElementAt(2);
        Assert.IsLessThan(randomMedian, frugalMedian, $"median best loss: cost-frugal {frugalMedian:G3}, random {randomMedian:G3}");
        Assert.IsLessThan(3e-3, frugalMedian, "the direct search homes in on the minimum");
    }

    [TestMethod]
    public void TheCheaperFamilyGetsMoreTrialsWhenBothImproveAlike()
    {
        var space = new SweepSearchSpace(
        [
            new SweepFamilySpace(SweepFamily.Sdca, [ParameterDomain.Uniform("x", 0, 1), ParameterDomain.Uniform("y", 0, 1)]),
            new SweepFamilySpace(SweepFamily.LightGbm, [ParameterDomain.Uniform("x", 0, 1), ParameterDomain.Uniform("y", 0, 1)]),
        ]);

        var history = Drive(new CostFrugalTuner(space, seed: 2), 40, BowlLoss, trial => trial.Family == SweepFamily.LightGbm ? 10 : 1);

        int cheap = history.Count(t => t.Trial.Family == SweepFamily.Sdca);
        Assert.IsGreaterThan(2 * (40 - cheap), cheap, $"{cheap} of 40 trials went to the family that costs a tenth as much");
    }

    [TestMethod]
    public void AnUpdateForATrialItDidNotProposeIsRefused()
    {
        var tuner = new CostFrugalTuner(Bowl, seed: 1);
        Assert.ThrowsExactly<InvalidOperationException>(() => tuner.Update(new SweepTrialResult { Id = 3, Family = SweepFamily.Sdca }));
    }
}
