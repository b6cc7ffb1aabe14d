using Microsoft.ML;
using Sparsh.MLNet.Sweeps;

namespace Sparsh.MLNet.Tests.Sweeps;

[TestClass]
public sealed class SweepSplitTests
{
    [TestMethod]
    [DataRow("RecordingId", 4)]
    [DataRow("SkinId", 2)]
    public void NoGroupIsInTwoFoldsAndTestGroupsNeverReachTheFolds(string groupColumn, int folds)
    {
        var mlContext = new MLContext(seed: 1);
        var data = SweepTestData.Load(mlContext, recordings: 30);
        var splits = DecoderSweep.Split(mlContext, data, new SweepOptions { GroupColumnName = groupColumn, Folds = folds, TestFraction = 0.25, Seed = 5 });

        var test = SweepTestData.Groups(splits.Test, groupColumn);
        var nonTest = SweepTestData.Groups(splits.NonTest, groupColumn);
        var foldTests = splits.Folds.Select(f => SweepTestData.Groups(f.TestSet, groupColumn)).ToList();

        Assert.IsNotEmpty(test);
        Assert.HasCount(folds, foldTests);
        Assert.IsEmpty(test.Intersect(nonTest), "test groups are not in the cross-validation data");
        for (int i = 0; i < folds; i++)
        {
            Assert.IsNotEmpty(foldTests[i], $"fold {i} has groups");
            Assert.IsEmpty(foldTests[i].Intersect(test), $"fold {i} holds no test group");
            Assert.IsEmpty(SweepTestData.Groups(splits.Folds[i].TrainSet, groupColumn).Intersect(foldTests[i]), $"fold {i}: train and test groups are disjoint");
            Assert.IsEmpty(SweepTestData.Groups(splits.Folds[i].TrainSet, groupColumn).Intersect(test), $"fold {i} trains on no test group");
            for (int j = i + 1; j < folds; j++)
                Assert.IsEmpty(foldTests[i].Intersect(foldTests[j]), $"folds {i} and {j} share no group");
        }
        CollectionAssert.AreEquivalent(nonTest, foldTests.SelectMany(g => g).ToArray(), "every non-test group is in exactly one fold");
        CollectionAssert.AreEquivalent(SweepTestData.Groups(data, groupColumn), test.Concat(nonTest).ToArray());
    }
}
