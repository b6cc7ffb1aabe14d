using Microsoft.ML;

namespace Sparsh.MLNet.Splits;

/// <summary>
/// A train/test split by group, as ML.NET's <c>DataOperationsCatalog.TrainTestData</c> (same property names) plus the
/// groups on each side.
/// </summary>
/// <param name="TrainSet">Rows of the training groups.</param>
/// <param name="TestSet">Rows of the test groups.</param>
/// <param name="TrainGroups">The training groups, in ordinal order.</param>
/// <param name="TestGroups">The test groups, in ordinal order.</param>
public sealed record GroupTrainTestData(IDataView TrainSet, IDataView TestSet, IReadOnlyList<string> TrainGroups, IReadOnlyList<string> TestGroups);
