using Sparsh.Trainers.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Objectives;

/// <summary>How teacher logits become target distributions.</summary>
public enum TeacherCenteringMethod
{
    /// <summary>Subtract a running mean of the teacher logits (momentum 0.9), then a sharp softmax.</summary>
    Centering,

    /// <summary>Sinkhorn-Knopp normalisation: equipartition over prototypes within the batch.</summary>
    SinkhornKnopp,
}

/// <summary>
/// Turns teacher logits into targets. Centering keeps one prototype from dominating (collapse to one mode);
/// sharpening with a low temperature keeps the targets from going uniform (the other collapse). The running centre
/// is a buffer, so it is saved with the model.
/// </summary>
public sealed class TeacherCentering : nn.Module
{
    private readonly Tensor center;
    private readonly double _momentum;
    private readonly TeacherCenteringMethod _method;

    /// <summary>Creates the centring state for <paramref name="prototypes"/> logits.</summary>
    public TeacherCentering(string name, int prototypes, double momentum, TeacherCenteringMethod method) : base(name)
    {
        center = torch.zeros(1, prototypes);
        _momentum = momentum;
        _method = method;
        RegisterComponents();
    }

    /// <summary>The running centre [1, K].</summary>
    public Tensor Center => center;

    /// <summary>Targets [N, K] from teacher logits [N, K] at the given temperature; no gradient.</summary>
    public Tensor Targets(Tensor teacherLogits, double temperature)
    {
        var targets = torch.empty_like(teacherLogits);
        TargetsInto(teacherLogits, temperature, targets);
        return targets;
    }

    /// <summary>Writes the targets of <paramref name="teacherLogits"/> into <paramref name="destination"/> (same shape).</summary>
    internal void TargetsInto(Tensor teacherLogits, double temperature, Tensor destination)
    {
        using var noGrad = torch.no_grad();
        if (_method == TeacherCenteringMethod.SinkhornKnopp)
        {
            using var normalised = SinkhornKnopp.Normalise(teacherLogits, temperature);
            destination.copy_(normalised);
        }
        else if (FloatRows.Supports(teacherLogits) && FloatRows.Supports(destination) && FloatRows.Supports(center))
        {
            // Row by row in cache, straight into the destination: with 65536 prototypes every [N, K] temporary of the
            // operator form is hundreds of MB.
            int rows = (int)teacherLogits.shape[0], width = (int)teacherLogits.shape[1];
            if (rows == 0) return;
            IntPtr z = FloatRows.Address(teacherLogits, "teacher logits"), c = FloatRows.Address(center, "center"), d = FloatRows.Address(destination, "targets");
            float scale = (float)(1 / temperature);
            FloatRows.For(rows, width, (first, end, _) =>
            {
                for (int r = first; r < end; r++)
                    FloatRows.CenteredSoftmax(FloatRows.Row(z, r, width), FloatRows.Row(c, 0, width), scale, FloatRows.Row(d, r, width));
            });
        }
        else
        {
            using var shifted = teacherLogits - center;
            using Scalar divisor = temperature.ToScalar();
            using var targets = nn.functional.softmax(shifted.div_(divisor), -1);
            destination.copy_(targets);
        }
    }

    /// <summary>center = m * center + (1 - m) * mean over rows of <paramref name="teacherLogits"/> (only for centering).</summary>
    public void Update(Tensor teacherLogits)
    {
        if (_method != TeacherCenteringMethod.Centering) return;
        using var noGrad = torch.no_grad();
        using var mean = teacherLogits.mean([0], keepdim: true);
        center.mul_(_momentum).add_(mean, alpha: 1 - _momentum);
    }
}
