namespace Sparsh.Simulation.Transduction;

/// <summary>
/// Viscoelastic lag of the elastomer: loads reach the magnet through a first-order lag that is faster when
/// the load grows than when it falls, plus a slow creep term; together they make press-release loops.
/// </summary>
public sealed record ViscoelasticOptions
{
    /// <summary>Time constant while a load component grows in magnitude, seconds.</summary>
    public float LoadingTimeConstantSeconds { get; init; } = 0.015f;

    /// <summary>Time constant while it falls, seconds (slower: the silicone recovers slowly).</summary>
    public float UnloadingTimeConstantSeconds { get; init; } = 0.08f;

    /// <summary>Extra displacement under a sustained load, as a fraction of the load (creep).</summary>
    public float CreepFraction { get; init; } = 0.08f;

    /// <summary>Time constant of creep and of its recovery, seconds.</summary>
    public float CreepTimeConstantSeconds { get; init; } = 3f;
}
