using Sparsh.Trainers.Objectives;

namespace Sparsh.Trainers.Pretraining;

/// <summary>Hyper-parameters of the self-distillation objective (defaults from the reference recipe).</summary>
public sealed record SelfDistillationSettings
{
    /// <summary>Prototypes K of the DINO/iBOT head (65536 in the recipe; small values for tests and CPU).</summary>
    public int Prototypes { get; init; } = 65536;

    /// <summary>Hidden width of the head's MLP.</summary>
    public int HeadHiddenDim { get; init; } = 2048;

    /// <summary>Bottleneck width before the prototypes.</summary>
    public int HeadBottleneckDim { get; init; } = 256;

    /// <summary>Student softmax temperature.</summary>
    public double StudentTemperature { get; init; } = 0.1;

    /// <summary>Momentum of the teacher centre.</summary>
    public double CenterMomentum { get; init; } = 0.9;

    /// <summary>Centering or Sinkhorn-Knopp.</summary>
    public TeacherCenteringMethod Centering { get; init; } = TeacherCenteringMethod.Centering;

    /// <summary>Weight of the DINO term.</summary>
    public double DinoWeight { get; init; } = 1.0;

    /// <summary>Weight of the iBOT term.</summary>
    public double IbotWeight { get; init; } = 1.0;

    /// <summary>Weight of the KoLeo term.</summary>
    public double KoLeoWeight { get; init; } = KoLeoLoss.DefaultWeight;
}
