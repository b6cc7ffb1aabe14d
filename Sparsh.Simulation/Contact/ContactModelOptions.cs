namespace Sparsh.Simulation.Contact;

/// <summary>Parameters of the elastomer contact model (see docs/simulator.md for where the defaults come from).</summary>
public sealed record ContactModelOptions
{
    /// <summary>Effective contact modulus E* of the silicone against a rigid object, pascals (soft silicone: 0.1-1 MPa).</summary>
    public float EffectiveModulusPascals { get; init; } = 250_000f;

    /// <summary>Elastomer thickness over the magnets, metres; sets the width of the spreading kernel.</summary>
    public float ElastomerThicknessMetres { get; init; } = 0.0015f;

    /// <summary>Curvature radius used for flat faces (box, plane) in the Hertz law, metres.</summary>
    public float FlatEquivalentRadiusMetres { get; init; } = 0.02f;

    /// <summary>Largest indentation the elastomer takes, metres; deeper overlap is clamped (the object stops on the sensor).</summary>
    public float MaxIndentationMetres { get; init; } = 0.003f;

    /// <summary>Tangential drag at which shear reaches about 76 % of the Coulomb limit (tanh(1)), metres.</summary>
    public float SlipDistanceMetres { get; init; } = 0.001f;

    /// <summary>Kernel cut-off in standard deviations; taxels further from the footprint get no load.</summary>
    public float KernelCutoffSigmas { get; init; } = 3f;
}
