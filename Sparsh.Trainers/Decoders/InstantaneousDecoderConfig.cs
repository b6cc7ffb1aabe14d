namespace Sparsh.Trainers.Decoders;

/// <summary>
/// Everything that fixes the architecture of an <see cref="InstantaneousDecoder"/> (and so the shapes of its weights).
/// Stored as JSON in its ONNX exports so the import rebuilds the same module.
/// </summary>
public sealed record InstantaneousDecoderConfig
{
    /// <summary>Width D of the tokens it pools.</summary>
    public int TokenWidth { get; init; }

    /// <summary>Attention heads of the pooler.</summary>
    public int Heads { get; init; }

    /// <summary>Width of the MLP's hidden layers.</summary>
    public int HiddenWidth { get; init; }

    /// <summary>Hidden layers of the MLP (at least 1).</summary>
    public int MlpDepth { get; init; } = 1;

    /// <summary>The activation of each output; its length is the number of outputs.</summary>
    public OutputActivation[] Activations { get; init; } = [];

    /// <summary>A decoder with this architecture and freshly initialised weights (from torch's current random state).</summary>
    public InstantaneousDecoder Create() => new(TokenWidth, Heads, Activations.Length, Activations, HiddenWidth, MlpDepth);
}
