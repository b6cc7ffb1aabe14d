using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Objectives;

/// <summary>
/// DINO loss on the global (register) token: cross-entropy between the teacher's prototype distribution of every
/// global view and the student's distribution of every other view, averaged over pairs and samples. Student views
/// are ordered global views first (in the teacher's order), then local views; a student view is never paired with
/// the teacher's copy of the same view.
/// </summary>
public static class DinoLoss
{
    /// <summary>Computes the loss.</summary>
    /// <param name="studentLogits">[Vs, B, K] student prototype logits.</param>
    /// <param name="teacherProbabilities">[Vt, B, K] centred, sharpened teacher distributions (no gradient).</param>
    /// <param name="studentTemperature">Student softmax temperature (0.1).</param>
    public static Tensor Compute(Tensor studentLogits, Tensor teacherProbabilities, double studentTemperature)
    {
        using var scope = NewDisposeScope();
        long b = studentLogits.shape[1];
        var logProbabilities = nn.functional.log_softmax(studentLogits / studentTemperature, -1);
        // pairCrossEntropy[t, s] = mean over samples of -sum_k p_t log q_s.
        var pairCrossEntropy = -torch.einsum("tbk,sbk->ts", teacherProbabilities, logProbabilities) / b;
        return ViewPairs.MeanOverDifferentViews(pairCrossEntropy).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The same loss as pairs for <see cref="SoftTargetCrossEntropy"/>: student row s * B + b against target row t * B + b
    /// for every teacher view t, student view s != t and sample b, each weighted 1 / (pairs of views * B).
    /// </summary>
    internal static SoftTargetPairs Pairs(int teacherViews, int studentViews, int batch)
    {
        long viewPairs = ViewPairs.Count(teacherViews, studentViews);
        var logitRows = new List<int>();
        var targetRows = new List<int>();
        for (int t = 0; t < teacherViews; t++)
            for (int s = 0; s < studentViews; s++)
                if (s != t)
                    for (int b = 0; b < batch; b++)
                    {
                        logitRows.Add(s * batch + b);
                        targetRows.Add(t * batch + b);
                    }
        return new SoftTargetPairs([.. logitRows], [.. targetRows], Enumerable.Repeat(1.0 / ((double)viewPairs * batch), logitRows.Count).ToArray());
    }
}
