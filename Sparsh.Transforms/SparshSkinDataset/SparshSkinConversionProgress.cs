namespace Sparsh.Transforms.SparshSkinDataset;

/// <summary>Progress of <see cref="SparshSkinDatasetReader.Convert"/>: a sequence just converted.</summary>
/// <param name="Completed">Sequences converted so far.</param>
/// <param name="Total">Sequences to convert.</param>
/// <param name="Sequence">The report of the sequence just converted.</param>
public readonly record struct SparshSkinConversionProgress(int Completed, int Total, SparshSkinSequenceReport Sequence);
