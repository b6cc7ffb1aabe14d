namespace Sparsh.Trainers.Training;

/// <summary>
/// Supervised training stopped because its loss stopped being a number: continuing would train on NaN weights, and
/// returning the best epoch so far would hand back a model that never learned. The message names the epoch, the step and
/// the likely cause (non-finite labels, non-finite outputs from a too-high learning rate or non-finite inputs).
/// </summary>
public sealed class TrainingDivergedException : InvalidOperationException
{
    /// <summary>Creates the exception for a loss that became non-finite.</summary>
    public TrainingDivergedException(int epoch, long step, string message) : base(message)
    {
        Epoch = epoch;
        Step = step;
    }

    /// <summary>The epoch (1-based) in which the loss became non-finite.</summary>
    public int Epoch { get; }

    /// <summary>The optimiser steps taken before it did.</summary>
    public long Step { get; }
}
