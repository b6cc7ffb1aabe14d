using static TorchSharp.torch;

namespace Sparsh.Trainers.Pretraining;

/// <summary>The loss of one step and its named terms.</summary>
/// <param name="Total">Scalar loss to minimise.</param>
/// <param name="Terms">Named terms (already detached values), e.g. dino, ibot, koleo, mae.</param>
/// <param name="TeacherEntropy">Mean entropy (nats) of the teacher's target distributions; NaN when there is no teacher.</param>
internal sealed record PretrainingLosses(Tensor Total, IReadOnlyDictionary<string, double> Terms, double TeacherEntropy);
