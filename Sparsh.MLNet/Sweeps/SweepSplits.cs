using Microsoft.ML;

namespace Sparsh.MLNet.Sweeps;

/// <summary>
/// The group-aware splits of a sweep: a test set of whole groups (recordings or skins), and K cross-validation folds
/// over the remaining groups. Only the final best pipeline ever sees <see cref="Test"/>.
/// </summary>
/// <param name="NonTest">All rows whose group is not in the test set: the trials' cross-validation data and the final refit's training set.</param>
/// <param name="Test">Held-out groups.</param>
/// <param name="Folds">Cross-validation folds over <paramref name="NonTest"/>; each group is in exactly one fold's test part.</param>
public sealed record SweepSplits(IDataView NonTest, IDataView Test, IReadOnlyList<SweepFold> Folds);
