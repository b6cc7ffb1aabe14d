namespace Sparsh.Trainers.Training;

/// <summary>What a supervised training run did: one report per epoch, the epoch kept, and why it stopped.</summary>
public sealed class TrainingHistory
{
    /// <summary>Reports in epoch order (including epochs replayed from a checkpoint's history).</summary>
    public List<EpochReport> Epochs { get; } = [];

    /// <summary>Epoch whose weights were kept (best validation loss, or the last without validation).</summary>
    public int BestEpoch { get; set; }

    /// <summary>True when early stopping ended the run before the planned epochs.</summary>
    public bool StoppedEarly { get; set; }
}
