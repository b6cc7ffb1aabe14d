using System.Globalization;
using Sparsh.MLNet.Sweeps;
using static Sparsh.MLNet.Sweeps.SweepParameterNames;

namespace Sparsh.MLNet.Tests.Sweeps;

[TestClass]
public sealed class SweepSearchSpaceTests
{
    [TestMethod]
    public void GridIsTheExactCartesianProductPerFamily()
    {
        var space = new SweepSearchSpace(
        [
            new SweepFamilySpace(SweepFamily.FastTree,
            [
                ParameterDomain.Choice(NumberOfLeaves, 4, 8),
                ParameterDomain.IntRange(NumberOfTrees, 10, 12),
                ParameterDomain.LogUniform(LearningRate, 0.01, 1),
            ]),
            new SweepFamilySpace(SweepFamily.Sdca, [ParameterDomain.Uniform(L2Regularization, 0, 1)]),
        ]);

        var trials = space.Plan(SweepStrategy.Grid, seed: 1, gridPointsPerRange: 3).ToList();

        Assert.AreEqual(2 * 3 * 3 + 3, trials.Count);
        Assert.AreEqual(trials.Count, space.GridSize(3));
        CollectionAssert.AreEqual(Enumerable.Range(0, trials.Count).ToArray(), trials.Select(t => t.Id).ToArray());
        var expected = (from leaves in new[] { "4", "8" }
                        from trees in new[] { "10", "11", "12" }
                        from rate in new[] { 0.01, 0.1, 1.0 }
                        select $"LearningRate={rate.ToString("R", CultureInfo.InvariantCulture)}; NumberOfLeaves={leaves}; NumberOfTrees={trees}").ToList();
        var fastTree = trials.Where(t => t.Family == SweepFamily.FastTree).Select(t => t.Parameters).ToList();
        Assert.AreEqual(18, fastTree.Count);
        // Log-spaced grid points are computed through exp/log: compare them numerically, the rest exactly.
        foreach (var (parameters, text) in fastTree.Zip(expected))
        {
            string[] parts = text.Split("; ");
            Assert.AreEqual(double.Parse(parts[0].Split('=')[1], CultureInfo.InvariantCulture), parameters.GetDouble(LearningRate), 1e-12);
            Assert.AreEqual(parts[1], $"NumberOfLeaves={parameters.GetString(NumberOfLeaves)}");
            Assert.AreEqual(parts[2], $"NumberOfTrees={parameters.GetString(NumberOfTrees)}");
        }
        CollectionAssert.AreEqual(new[] { 0.0, 0.5, 1.0 },
            trials.Where(t => t.Family == SweepFamily.Sdca).Select(t => t.Parameters.GetDouble(L2Regularization)).ToArray());
    }

    [TestMethod]
    public void GridOfARangeWiderThanItsPointsSpacesThemEvenly()
    {
        CollectionAssert.AreEqual(new[] { "0", "5", "10" }, ParameterDomain.IntRange("n", 0, 10).GridValues(3).ToArray());
        CollectionAssert.AreEqual(new[] { "1", "2" }, ParameterDomain.IntRange("n", 1, 2).GridValues(5).ToArray());
        Assert.AreEqual("5", ParameterDomain.IntRange("n", 0, 10).GridValues(1).Single());
        var log = ParameterDomain.LogUniform("lr", 1e-4, 1e-2).GridValues(3).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        Assert.AreEqual(1e-4, log[0], 1e-12);
        Assert.AreEqual(1e-3, log[1], 1e-12);
        Assert.AreEqual(1e-2, log[2], 1e-12);
    }

    [TestMethod]
    public void RandomSamplesStayInTheirDomainsAndRepeatForASeed()
    {
        var space = SweepSearchSpace.Default();
        var trials = space.Plan(SweepStrategy.Random, seed: 42).Take(400).ToList();

        foreach (var trial in trials)
        {
            var family = space.Families.Single(f => f.Family == trial.Family);
            CollectionAssert.AreEquivalent(family.Parameters.Select(p => p.Name).ToArray(), trial.Parameters.Values.Keys.ToArray());
            foreach (var domain in family.Parameters)
            {
                string value = trial.Parameters.GetString(domain.Name);
                switch (domain)
                {
                    case ChoiceDomain choice:
                        CollectionAssert.Contains(choice.Values.ToArray(), value);
                        break;
                    case IntRangeDomain range:
                        Assert.IsTrue(trial.Parameters.GetInt(domain.Name) >= range.Min && trial.Parameters.GetInt(domain.Name) <= range.Max, $"{domain}: {value}");
                        break;
                    case FloatRangeDomain range:
                        Assert.IsTrue(trial.Parameters.GetDouble(domain.Name) >= range.Min && trial.Parameters.GetDouble(domain.Name) <= range.Max, $"{domain}: {value}");
                        break;
                }
            }
        }
        // Every family is drawn, and a log-uniform rate spreads over its decades rather than piling up at the top.
        CollectionAssert.AreEquivalent(Enum.GetValues<SweepFamily>(), trials.Select(t => t.Family).Distinct().ToArray());
        var sdcaL2 = trials.Where(t => t.Family == SweepFamily.Sdca).Select(t => t.Parameters.GetDouble(L2Regularization)).ToList();
        Assert.IsTrue(sdcaL2.Any(v => v < 1e-4) && sdcaL2.Any(v => v > 1e-3), "log-uniform draws cover low and high decades");

        var again = space.Plan(SweepStrategy.Random, seed: 42).Take(400).ToList();
        CollectionAssert.AreEqual(trials, again, "same seed, same trials");
        var prefix = space.Plan(SweepStrategy.Random, seed: 42).Take(7).ToList();
        CollectionAssert.AreEqual(trials.Take(7).ToList(), prefix, "a smaller budget plans a prefix of a larger one");
        var other = space.Plan(SweepStrategy.Random, seed: 43).Take(400).ToList();
        CollectionAssert.AreNotEqual(trials, other);
    }
}
