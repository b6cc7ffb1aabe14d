using static TorchSharp.torch;

namespace Sparsh.Trainers.Training;

/// <summary>Counters of a supervised run that a checkpoint must carry for an exact resume.</summary>
public sealed class TrainingState
{
    /// <summary>Last completed epoch.</summary>
    public int Epoch { get; set; }

    /// <summary>Optimisation steps taken.</summary>
    public long Step { get; set; }

    /// <summary>Epoch with the best validation loss so far.</summary>
    public int BestEpoch { get; set; }

    /// <summary>Best validation loss so far.</summary>
    public double BestValidationLoss { get; set; } = double.PositiveInfinity;

    /// <summary>True once early stopping triggered.</summary>
    public bool Stopped { get; set; }

    /// <summary>Weights of the best epoch (kept for early stopping).</summary>
    public Dictionary<string, Tensor>? BestWeights { get; set; }
}
