using Sparsh.Trainers.Pretraining;

namespace Sparsh.Benchmarks;

/// <summary>Calls back with the step number of every progress report (synchronously, on the training thread).</summary>
internal sealed class StepProgress(Action<long> onReport) : IProgress<SparshPretrainingProgress>
{
    public void Report(SparshPretrainingProgress value) => onReport(value.Step);
}
