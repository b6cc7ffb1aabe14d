using Sparsh.Simulation.Contact;

namespace Sparsh.Simulation.Scenarios;

/// <summary>
/// What happens in one simulated recording, as functions of time: the hand's true joint angles, the objects
/// touching it (placed against the current taxel poses) and the label. Scripts draw their randomness from
/// their own seeded generators, and are asked for times in increasing order.
/// </summary>
internal abstract class SceneScript
{
    /// <summary>Task name written to the recording.</summary>
    public abstract string Task { get; }

    /// <summary>The label stream, or null for unlabelled data.</summary>
    public virtual ScenarioLabel? Label => null;

    /// <summary>True joint angles at <paramref name="timeSeconds"/>.</summary>
    public abstract void JointAngles(double timeSeconds, Span<float> anglesRadians);

    /// <summary>Adds the objects touching the hand at <paramref name="timeSeconds"/>; <paramref name="scene"/> holds the taxel poses.</summary>
    public abstract void Contacts(double timeSeconds, SceneView scene, List<ContactObject> contacts);

    /// <summary>Label of the frame just simulated (labels stamped with every magnetic frame).</summary>
    public virtual void FrameLabel(double timeSeconds, SceneView scene, ReadOnlySpan<ContactForce> forces, Span<float> label) { }

    /// <summary>Label at <paramref name="timeSeconds"/> on the label's own clock.</summary>
    public virtual void ClockLabel(double timeSeconds, Span<float> label) { }
}
