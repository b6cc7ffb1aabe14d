using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Pretraining;

/// <summary>The teacher as an exponential moving average of the student: t = m t + (1 - m) s, parameter by parameter.</summary>
internal static class TeacherEma
{
    /// <summary>Updates <paramref name="teacher"/> in place; both lists must hold matching parameters in the same order.</summary>
    public static void Update(IReadOnlyList<Tensor> teacher, IReadOnlyList<Tensor> student, double momentum)
    {
        if (teacher.Count != student.Count) throw new ArgumentException($"Teacher has {teacher.Count} parameters, student {student.Count}.");
        using var noGrad = torch.no_grad();
        using Scalar keep = momentum.ToScalar(), take = (1 - momentum).ToScalar();
        for (int i = 0; i < teacher.Count; i++) teacher[i].mul_(keep).add_(student[i], alpha: take);
    }
}
