namespace Sparsh.Trainers.Pretraining;

/// <summary>One progress report of pretraining.</summary>
/// <param name="Step">Optimizer steps done.</param>
/// <param name="TotalSteps">Steps of the whole run.</param>
/// <param name="Epoch">Fractional epoch.</param>
/// <param name="Loss">Total training loss of the last step.</param>
/// <param name="Terms">Loss terms of the last step (dino, ibot, koleo; mae; byol).</param>
/// <param name="LearningRate">Learning rate of the last step.</param>
/// <param name="SamplesPerSecond">Training windows per second since the previous report.</param>
/// <param name="TeacherEntropy">Mean entropy of the teacher targets (nats; NaN without a teacher): falling to 0 means collapse to one prototype.</param>
/// <param name="ValidationLoss">Loss on the held-out view when it was evaluated at this report, else null.</param>
/// <param name="Probes">Online probe scores of the teacher at this report (RMSE / label std on the probes' held-out recordings), else null.</param>
/// <param name="ProbesAtInitialisation">The same probes on a randomly initialised encoder of the same architecture and seed, else null.</param>
public sealed record SparshPretrainingProgress(
    long Step,
    long TotalSteps,
    double Epoch,
    double Loss,
    IReadOnlyDictionary<string, double> Terms,
    double LearningRate,
    double SamplesPerSecond,
    double TeacherEntropy,
    double? ValidationLoss,
    IReadOnlyDictionary<string, double>? Probes = null,
    IReadOnlyDictionary<string, double>? ProbesAtInitialisation = null);
