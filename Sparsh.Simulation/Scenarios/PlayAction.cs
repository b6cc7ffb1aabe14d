namespace Sparsh.Simulation.Scenarios;

/// <summary>Atomic actions of simulated play.</summary>
public enum PlayAction
{
    /// <summary>An object pressed on one spot and released.</summary>
    Press,

    /// <summary>One object held between the thumb tip and one or two other fingertips or the palm, squeezed and let go.</summary>
    Squeeze,

    /// <summary>An object pressed and slid across the skin in one direction, dragging it.</summary>
    Slide,

    /// <summary>An object pressed and turned about the skin normal.</summary>
    Rotate,

    /// <summary>A light back-and-forth rub.</summary>
    Wipe,

    /// <summary>An object gripped by several fingertips, held while its weight pulls on the skin, then dropped (sudden release).</summary>
    PickAndDrop,
}
