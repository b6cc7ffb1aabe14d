namespace Sparsh.Trainers.Decoders;

/// <summary>
/// Everything that fixes the architecture of a <see cref="TemporalDecoder"/> (and so the shapes of its weights). Stored as
/// JSON in its ONNX export so the import rebuilds the same module.
/// </summary>
public sealed record TemporalDecoderConfig
{
    /// <summary>Width D of the window tokens it pools.</summary>
    public int TokenWidth { get; init; }

    /// <summary>Attention heads of the pooler and of the causal block.</summary>
    public int Heads { get; init; }

    /// <summary>The activation of each output; its length is the number of outputs.</summary>
    public OutputActivation[] Activations { get; init; } = [];

    /// <summary>A decoder with this architecture and freshly initialised weights (from torch's current random state).</summary>
    public TemporalDecoder Create() => new(TokenWidth, Heads, Activations.Length, Activations);
}
