using Sparsh.Simulation.Contact;
using Sparsh.Simulation.Nuisances;
using Sparsh.Transforms.Hand;

namespace Sparsh.Simulation.Scenarios;

/// <summary>
/// Rest: the hand holds one pose and nothing touches it, so the skin shows only its offsets, noise and drift.
/// A rest recording is what <see cref="Transforms.Preprocessing.TaxelBaseline.FromRest(Transforms.Recordings.XelaRecording, float, float)"/>
/// tares against, as the reference preprocessing does with a separate rest recording per skin.
/// </summary>
public sealed class RestScenario : ScenarioGenerator
{
    /// <summary>Creates the generator.</summary>
    public RestScenario(ScenarioOptions? options = null, HandModel? hand = null) : base(options, hand)
    {
    }

    /// <summary>Task name of rest recordings.</summary>
    public const string TaskName = "rest";

    /// <inheritdoc />
    public override string Task => TaskName;

    private protected override SceneScript CreateScript(int seed, double durationSeconds)
        => new Script(JointTrajectory.RandomPose(Hand, new Random(SeedMixer.Derive(seed, 1)), 0.1));

    private sealed class Script(float[] pose) : SceneScript
    {
        public override string Task => TaskName;

        public override void JointAngles(double timeSeconds, Span<float> anglesRadians) => pose.CopyTo(anglesRadians);

        public override void Contacts(double timeSeconds, SceneView scene, List<ContactObject> contacts)
        {
        }
    }
}
