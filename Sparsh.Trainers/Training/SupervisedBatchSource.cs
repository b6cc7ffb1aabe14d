using static TorchSharp.torch;

namespace Sparsh.Trainers.Training;

/// <summary>What the supervised loop trains on: row counts and a way to turn row indices into a batch's predictions and targets.</summary>
internal interface ISupervisedBatchSource
{
    /// <summary>Training rows.</summary>
    int TrainCount { get; }

    /// <summary>Validation rows (0 for none).</summary>
    int ValidationCount { get; }

    /// <summary>Forward pass for the given rows of the training (or validation) set: predictions and targets of equal shape.</summary>
    (Tensor Prediction, Tensor Target) Forward(ReadOnlySpan<int> rows, bool validation);

    /// <summary>
    /// Per-output label scale (null: 1). The loss compares prediction / scale with target / scale, so that outputs in
    /// metres (pose) weigh as much as outputs in newtons or radians; reported RMSEs stay in the labels' units.
    /// </summary>
    float[]? LossScale => null;
}
