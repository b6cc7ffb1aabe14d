using Sparsh.Transforms.Recordings;

namespace Sparsh.Transforms.SparshSkinDataset;

/// <summary>Result of <see cref="SparshSkinDatasetReader.Convert"/>: the written data set's manifest and a report per sequence.</summary>
/// <param name="Manifest">manifest.json of the output root (recording, skin, task, split), as the simulator writes it.</param>
/// <param name="Sequences">What each sequence held and what was done with it, in manifest order.</param>
public sealed record SparshSkinConversion(DatasetManifest Manifest, IReadOnlyList<SparshSkinSequenceReport> Sequences);
