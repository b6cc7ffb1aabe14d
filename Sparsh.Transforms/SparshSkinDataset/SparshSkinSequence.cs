using Sparsh.Transforms.Recordings;

namespace Sparsh.Transforms.SparshSkinDataset;

/// <summary>One sequence folder of the released data set (it holds <c>xela/data.pkl</c>) and what it becomes.</summary>
/// <param name="Directory">The sequence folder.</param>
/// <param name="RelativePath">Its path under the data set root with '/' separators, e.g. "cup/3" or "baseline".</param>
/// <param name="RecordingId">Id (and folder name) of the converted recording, e.g. "cup_3".</param>
/// <param name="Task">"play" (pretraining play), "rest" (the baseline recording) or "force_probing" (has a force label).</param>
/// <param name="Split">Train, validation or test, from the folder names or the sequence id.</param>
public sealed record SparshSkinSequence(string Directory, string RelativePath, string RecordingId, string Task, DatasetSplit Split);
