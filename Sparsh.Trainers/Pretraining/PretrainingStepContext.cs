namespace Sparsh.Trainers.Pretraining;

/// <summary>What an objective needs to know about the current step.</summary>
/// <param name="Random">Masking random source, derived from seed and step (so resume redraws the same masks).</param>
/// <param name="TeacherTemperature">Current teacher softmax temperature.</param>
/// <param name="Training">False for validation: no running-state updates.</param>
internal sealed record PretrainingStepContext(Random Random, double TeacherTemperature, bool Training)
{
    /// <summary>Times the step's sections when profiling (<see cref="SparshPretrainingOptions.StepTimer"/>); null otherwise.</summary>
    public PretrainingStepTimer? Timer { get; init; }
}
