using Sparsh.Simulation.Scenarios;
using Sparsh.Trainers.Decoders;

namespace Sparsh.PoseTracking;

/// <summary>A sequence task the example tracks with the temporal decoder: which simulated recordings, which label, how to report it.</summary>
/// <param name="Name">Name on the command line (--task) and in figure names.</param>
/// <param name="ScenarioTask">Simulator task of the labelled recordings.</param>
/// <param name="LabelName">Label column.</param>
/// <param name="Title">Report title.</param>
/// <param name="What">What the decoder estimates per window, for the report's text.</param>
/// <param name="Axes">The label's components, in order.</param>
/// <param name="Activations">Output activations (null: none).</param>
public sealed record TrackingTask(string Name, string ScenarioTask, string LabelName, string Title, string What,
    IReadOnlyList<TrackedAxis> Axes, IReadOnlyList<OutputActivation>? Activations)
{
    /// <summary>
    /// Object pose in the palm plane: Tx, Ty in metres (shown in mm), theta in radians (shown in degrees); accurate within
    /// 1 cm in each translation and 0.1 rad (5.7 degrees) in rotation, as in pose tracking.
    /// </summary>
    public static TrackingTask Pose { get; } = new("pose", ObjectPoseScenario.TaskName, ObjectPoseScenario.LabelName,
        "Object pose tracking with the temporal decoder", "(Tx, Ty, theta)",
        [new("Tx", "mm", 1000, 0.01, "translation"), new("Ty", "mm", 1000, 0.01, "translation"), new("theta", "deg", 180 / Math.PI, 0.1, "rotation")],
        null);

    /// <summary>
    /// Joystick state: x, y tilt and z push, each in [-1, 1] (tanh outputs, so an estimate never leaves the range);
    /// accurate within 0.1 (5 % of the range) on each axis.
    /// </summary>
    public static TrackingTask Joystick { get; } = new("joystick", JoystickScenario.TaskName, JoystickScenario.LabelName,
        "Joystick state tracking with the temporal decoder", "joystick (x, y, z) in [-1, 1]",
        [new("x", "", 1, 0.1, "axes"), new("y", "", 1, 0.1, "axes"), new("z", "", 1, 0.1, "axes")],
        [OutputActivation.Tanh, OutputActivation.Tanh, OutputActivation.Tanh]);

    /// <summary>The tasks by name.</summary>
    public static IReadOnlyList<TrackingTask> All { get; } = [Pose, Joystick];

    /// <summary>The task called <paramref name="name"/> (case-insensitive), or null.</summary>
    public static TrackingTask? Find(string name) => All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>"within 1 cm, 1 cm, 0.1 rad" style description of the accuracy thresholds.</summary>
    public string AccuracyHeader => $"accuracy (within {string.Join(", ", Axes.Select(a => a.Threshold.ToString(System.Globalization.CultureInfo.InvariantCulture)))})";
}
