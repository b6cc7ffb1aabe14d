using Microsoft.ML;

namespace Sparsh.MLNet.Sweeps;

/// <summary>One cross-validation fold: train on the other folds' groups, score on this fold's groups.</summary>
/// <param name="TrainSet">Rows of every non-test group outside this fold.</param>
/// <param name="TestSet">Rows of this fold's groups.</param>
public sealed record SweepFold(IDataView TrainSet, IDataView TestSet);
