namespace Sparsh.Trainers.Pretraining;

/// <summary>Hyper-parameters of the BYOL objective (defaults from the BYOL paper).</summary>
public sealed record ByolSettings
{
    /// <summary>Hidden width of the projector MLP.</summary>
    public int ProjectorHiddenDim { get; init; } = 4096;

    /// <summary>Width of the projection (the space the loss compares), also the predictor's input and output.</summary>
    public int ProjectionDim { get; init; } = 256;

    /// <summary>Hidden width of the predictor MLP.</summary>
    public int PredictorHiddenDim { get; init; } = 4096;

    /// <summary>Throws naming the first invalid setting.</summary>
    public void Validate()
    {
        foreach (var (name, value) in new[] { (nameof(ProjectorHiddenDim), ProjectorHiddenDim), (nameof(ProjectionDim), ProjectionDim), (nameof(PredictorHiddenDim), PredictorHiddenDim) })
            if (value <= 0) throw new ArgumentOutOfRangeException("Byol." + name, $"Byol.{name} must be positive, got {value}.");
    }
}
