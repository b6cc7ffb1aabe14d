using static TorchSharp.torch;

namespace Sparsh.Trainers.Pretraining;

/// <summary>A batch on the training device.</summary>
/// <param name="Windows">[B, F, T, 6]: normalised flux (3 channels) then positions in metres (3 channels).</param>
/// <param name="Validity">[B, T] bool, true = taxel valid in every frame of its window.</param>
internal sealed record PretrainingBatch(Tensor Windows, Tensor Validity);
