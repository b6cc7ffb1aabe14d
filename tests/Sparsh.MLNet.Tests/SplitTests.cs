using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.MLNet.Splits;

namespace Sparsh.MLNet.Tests;

[TestClass]
public sealed class SplitTests
{
    private sealed class Window
    {
        public string RecordingId { get; set; } = "";
        public float Value { get; set; }
    }

    private static IDataView Windows(MLContext mlContext) => mlContext.Data.LoadFromEnumerable(
        Enumerable.Range(0, 40).SelectMany(r => Enumerable.Range(0, 7).Select(w => new Window { RecordingId = $"rec-{r:00}", Value = w })).ToList());

    [TestMethod]
    public void NoRecordingAppearsInTwoFolds()
    {
        var mlContext = new MLContext(seed: 1);
        var folds = GroupSplits.CrossValidationFolds(mlContext, Windows(mlContext), folds: 4, seed: 3);

        var testSets = folds.Select(f => f.TestSet.GetColumn<string>("RecordingId").ToHashSet()).ToList();
        var seen = new HashSet<string>();
        foreach (var set in testSets)
            foreach (string id in set)
                Assert.IsTrue(seen.Add(id), $"recording {id} is in two test folds");
        Assert.AreEqual(40, seen.Count, "every recording is tested once");
        for (int i = 0; i < folds.Count; i++)
        {
            var train = folds[i].TrainSet.GetColumn<string>("RecordingId").ToHashSet();
            Assert.IsFalse(train.Overlaps(testSets[i]), $"fold {i} trains on a test recording");
            Assert.AreEqual(7 * testSets[i].Count, folds[i].TestSet.GetColumn<string>("RecordingId").Count(), "whole recordings move together");
        }
    }

    [TestMethod]
    public void TrainTestSplitKeepsRecordingsWhole()
    {
        var mlContext = new MLContext(seed: 1);
        var split = GroupSplits.TrainTestSplit(mlContext, Windows(mlContext), testFraction: 0.25, seed: 5);
        var train = split.TrainSet.GetColumn<string>("RecordingId").ToHashSet();
        var test = split.TestSet.GetColumn<string>("RecordingId").ToHashSet();
        Assert.IsFalse(train.Overlaps(test));
        Assert.AreEqual(40, train.Count + test.Count);
        Assert.IsTrue(test.Count is > 2 and < 20, $"about a quarter of 40 recordings in test, got {test.Count}");
    }

    [TestMethod]
    public void MissingGroupColumnIsNamed()
    {
        var mlContext = new MLContext(seed: 1);
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            GroupSplits.TrainTestSplit(mlContext, Windows(mlContext), groupColumnName: "SkinId"));
        StringAssert.Contains(error.Message, "'SkinId'");
    }

    private static IDataView OneRecordingPerId(MLContext mlContext, int recordings) => mlContext.Data.LoadFromEnumerable(
        Enumerable.Range(0, recordings).SelectMany(r => Enumerable.Range(0, 5).Select(w => new Window { RecordingId = $"rec-{r}", Value = w })).ToList());

    [TestMethod]
    public void TrainTestSplitOfASingleGroupIsRefused()
    {
        // ML.NET would put the one recording on one side and leave the other empty.
        var mlContext = new MLContext(seed: 1);
        var error = Assert.ThrowsExactly<ArgumentException>(() => GroupSplits.TrainTestSplit(mlContext, OneRecordingPerId(mlContext, 1), seed: 2));
        StringAssert.Contains(error.Message, "group column 'RecordingId'");
        StringAssert.Contains(error.Message, "needs at least 2 groups");
        StringAssert.Contains(error.Message, "the data has 1");
    }

    [TestMethod]
    public void TrainTestSplitOfNoRowsIsRefused()
    {
        var mlContext = new MLContext(seed: 1);
        var error = Assert.ThrowsExactly<ArgumentException>(() => GroupSplits.TrainTestSplit(mlContext, OneRecordingPerId(mlContext, 0)));
        StringAssert.Contains(error.Message, "the data has 0");
    }

    [TestMethod]
    public void MoreFoldsThanGroupsAreRefused()
    {
        var mlContext = new MLContext(seed: 1);
        var error = Assert.ThrowsExactly<ArgumentException>(() =>
            GroupSplits.CrossValidationFolds(mlContext, OneRecordingPerId(mlContext, 3), folds: 5, seed: 2));
        StringAssert.Contains(error.Message, "5 cross-validation folds by group column 'RecordingId'");
        StringAssert.Contains(error.Message, "need at least 5 groups");
        StringAssert.Contains(error.Message, "the data has 3");
        StringAssert.Contains(error.Message, "at most 3 folds");
    }

    [TestMethod]
    public void ANonTextGroupColumnIsRefusedNamingItsType()
    {
        // Groups are ids (recording, skin): exact partitioning reads them as text.
        var mlContext = new MLContext(seed: 1);
        var data = mlContext.Data.LoadFromEnumerable(Enumerable.Range(0, 12).Select(i => new Window { RecordingId = "one", Value = i % 3 }).ToList());
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => GroupSplits.CrossValidationFolds(mlContext, data, folds: 3, groupColumnName: "Value"));
        StringAssert.Contains(error.Message, "Group column 'Value'");
        StringAssert.Contains(error.Message, "expected text");
    }

    [TestMethod]
    public void FoldsAreExactAndNeverEmptyWithFewGroups()
    {
        // Five groups in five folds: ML.NET's hashed key would leave some folds empty; exact dealing gives one group each.
        var mlContext = new MLContext(seed: 1);
        var folds = GroupSplits.CrossValidationFolds(mlContext, OneRecordingPerId(mlContext, 5), folds: 5, seed: 4);
        var held = folds.Select(f => f.TestSet.GetColumn<string>("RecordingId").Distinct().ToArray()).ToList();
        Assert.IsTrue(held.All(h => h.Length == 1), string.Join(" | ", held.Select(h => string.Join(",", h))));
        Assert.HasCount(5, held.SelectMany(h => h).Distinct());
        var split = GroupSplits.TrainTestSplit(mlContext, OneRecordingPerId(mlContext, 5), testFraction: 0.2, seed: 4);
        Assert.HasCount(1, split.TestSet.GetColumn<string>("RecordingId").Distinct());
        Assert.HasCount(4, split.TrainSet.GetColumn<string>("RecordingId").Distinct());
    }

    [TestMethod]
    public void BudgetsAreNestedAndSizedByFraction()
    {
        var recordings = Enumerable.Range(0, 300).Select(i => $"rec-{i}").ToList();
        var sizes = DataBudget.PaperFractions.Select(f => DataBudget.Select(recordings, f, seed: 9)).ToList();
        CollectionAssert.AreEqual(new[] { 1, 10, 30, 99, 300 }, sizes.Select(s => s.Count).ToArray());
        for (int i = 1; i < sizes.Count; i++)
            Assert.IsTrue(sizes[i - 1].All(sizes[i].Contains), $"budget {DataBudget.PaperFractions[i - 1]} is inside {DataBudget.PaperFractions[i]}");
        CollectionAssert.AreNotEqual(sizes[1].ToArray(), DataBudget.Select(recordings, 0.033, seed: 10).ToArray(), "another seed picks other recordings");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => DataBudget.Select(recordings, 0, seed: 1));
    }
}
