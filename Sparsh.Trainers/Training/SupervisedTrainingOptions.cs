namespace Sparsh.Trainers.Training;

/// <summary>Optimisation settings shared by the decoders (AdamW on smooth-L1, early stopping, checkpoints).</summary>
public class SupervisedTrainingOptions
{
    /// <summary>Maximum passes over the training windows.</summary>
    public int Epochs { get; set; } = 30;

    /// <summary>Windows (or sequences) per optimisation step.</summary>
    public int BatchSize { get; set; } = 32;

    /// <summary>AdamW learning rate of the decoder.</summary>
    public double LearningRate { get; set; } = 1e-3;

    /// <summary>AdamW decoupled weight decay.</summary>
    public double WeightDecay { get; set; } = 1e-4;

    /// <summary>Gradient norm clip (0 disables).</summary>
    public double GradientClipNorm { get; set; } = 1.0;

    /// <summary>Fraction of training groups (recordings) held out for validation and early stopping; 0 disables.</summary>
    public double ValidationFraction { get; set; } = 0.15;

    /// <summary>
    /// Groups (recordings) that are the validation set, overriding <see cref="ValidationFraction"/>: rows of these groups are
    /// never trained on. Lets several runs early-stop on one fixed set of held-out recordings (e.g. a sample-efficiency study).
    /// </summary>
    public IReadOnlyCollection<string>? ValidationGroups { get; set; }

    /// <summary>Stop after this many optimiser steps, even inside an epoch (0 = no cap): runs of different data sizes get equal steps.</summary>
    public long MaxSteps { get; set; }

    /// <summary>Validate (and consider early stopping) every this many epochs and after the last; 1 validates every epoch.</summary>
    public int ValidateEveryEpochs { get; set; } = 1;

    /// <summary>Epochs without validation improvement before stopping; the best epoch's weights are kept.</summary>
    public int EarlyStoppingPatience { get; set; } = 5;

    /// <summary>File to checkpoint to after each epoch and on cancellation; an existing file is resumed from. Null disables.</summary>
    public string? CheckpointPath { get; set; }

    /// <summary>Seed for initialisation, validation split and batch order.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>"cpu", "cuda" or "auto".</summary>
    public string Device { get; set; } = "cpu";

    /// <summary>libtorch CPU threads (0 keeps the default).</summary>
    public int CpuThreads { get; set; }

    /// <summary>
    /// A memberwise copy of the runtime type with its own <see cref="ValidationGroups"/>; the sealed options classes'
    /// <c>Clone</c> start from it, and each level copies the collections it declares.
    /// </summary>
    protected virtual SupervisedTrainingOptions CopyCore()
    {
        var copy = (SupervisedTrainingOptions)MemberwiseClone();
        copy.ValidationGroups = ValidationGroups?.ToArray();
        return copy;
    }

    /// <summary>Throws naming the first invalid option.</summary>
    public virtual void Validate()
    {
        if (Epochs < 1) throw new ArgumentOutOfRangeException(nameof(Epochs), $"Epochs must be at least 1, got {Epochs}.");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), $"BatchSize must be at least 1, got {BatchSize}.");
        if (!(LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate), $"LearningRate must be positive, got {LearningRate}.");
        if (ValidationFraction is < 0 or >= 1 or double.NaN)
            throw new ArgumentOutOfRangeException(nameof(ValidationFraction), $"ValidationFraction must be in [0, 1), got {ValidationFraction}.");
        if (MaxSteps < 0) throw new ArgumentOutOfRangeException(nameof(MaxSteps), $"MaxSteps must not be negative, got {MaxSteps}.");
    }
}
