using System.Numerics;
using Sparsh.Simulation.Contact;
using Sparsh.Simulation.Nuisances;
using Sparsh.Transforms.Hand;

namespace Sparsh.Simulation.Scenarios;

/// <summary>
/// Force probing: the hand is held still at one random pose while indenters (<see cref="SimulatedObject.IndenterTips"/>:
/// small sphere, flat tip, cylinder edge) press random taxel locations with press / hold / release profiles, shearing
/// the skin during the hold. Label "force" (N) at every magnetic frame: the force the indenter applies to the skin,
/// (shear x, shear y, normal) in the probed taxel's local frame (x, y tangent as the simulator reads them, normal
/// pressing into the skin, never negative); zero between probes.
/// </summary>
public sealed class ForceProbingScenario : ScenarioGenerator
{
    /// <summary>Creates the generator.</summary>
    public ForceProbingScenario(ScenarioOptions? options = null, HandModel? hand = null, IReadOnlyList<SimulatedObject>? tips = null)
        : base(options, hand)
    {
        Tips = tips ?? SimulatedObject.IndenterTips;
        if (Tips.Count == 0)
            throw new ArgumentException("Force probing needs at least one tip.", nameof(tips));
    }

    /// <summary>Task name of force-probing recordings.</summary>
    public const string TaskName = "force_probing";

    /// <summary>Label name: (shear x, shear y, normal) in newtons.</summary>
    public const string LabelName = "force";

    /// <inheritdoc />
    public override string Task => TaskName;

    /// <summary>Indenter tips used.</summary>
    public IReadOnlyList<SimulatedObject> Tips { get; }

    /// <summary>The hand pose of a recording generated with <paramref name="seed"/>.</summary>
    public float[] HandPose(int seed) => JointTrajectory.RandomPose(Hand, new Random(SeedMixer.Derive(SeedMixer.Derive(seed, 20), 1)), 0.1);

    /// <summary>The probes of a recording generated with <paramref name="seed"/>: the ground truth of where and how it was touched.</summary>
    public IReadOnlyList<ForceProbe> Probes(int seed) => Plan(SeedMixer.Derive(seed, 20), Options.DurationSeconds);

    private IReadOnlyList<ForceProbe> Plan(int scriptSeed, double durationSeconds)
    {
        var random = new Random(SeedMixer.Derive(scriptSeed, 2));
        double Uniform(double min, double max) => min + (max - min) * random.NextDouble();
        var probes = new List<ForceProbe>();
        double t = Uniform(0.1, 0.5);
        while (true)
        {
            var profile = new PressProfile(t, Uniform(0.2, 0.8), Uniform(0.4, 1.5), Uniform(0.2, 0.8));
            if (profile.EndSeconds > durationSeconds)
                break;
            float shearAngle = (float)Uniform(0, 2 * Math.PI), shear = (float)Uniform(0, 0.0015);
            probes.Add(new ForceProbe(
                random.Next(Hand.TaxelCount),
                Tips[random.Next(Tips.Count)],
                profile,
                (float)Uniform(0.0004, 0.0025),
                new Vector2((float)Uniform(-0.001, 0.001), (float)Uniform(-0.001, 0.001)),
                (float)Uniform(0, Math.PI),
                shear * new Vector2(MathF.Cos(shearAngle), MathF.Sin(shearAngle))));
            t = profile.EndSeconds + Uniform(0.2, 0.6);
        }
        return probes;
    }

    private protected override SceneScript CreateScript(int seed, double durationSeconds)
    {
        // A live stream has no end; it probes in blocks of an hour.
        double planned = double.IsFinite(durationSeconds) ? durationSeconds : 3600.0;
        return new Script(this, JointTrajectory.RandomPose(Hand, new Random(SeedMixer.Derive(seed, 1)), 0.1), Plan(seed, planned));
    }

    private sealed class Script(ForceProbingScenario owner, float[] pose, IReadOnlyList<ForceProbe> probes) : SceneScript
    {
        private static readonly ScenarioLabel ForceLabel = new(LabelName, "N", ["shear_x", "shear_y", "normal"]);
        private int _next;
        private TaxelFrame _frame;
        private bool _touching;

        public override string Task => owner.Task;

        public override ScenarioLabel Label => ForceLabel;

        public override void JointAngles(double timeSeconds, Span<float> anglesRadians) => pose.CopyTo(anglesRadians);

        public override void Contacts(double timeSeconds, SceneView scene, List<ContactObject> contacts)
        {
            while (_next < probes.Count && timeSeconds >= probes[_next].Profile.EndSeconds)
                _next++;
            _touching = false;
            if (_next >= probes.Count)
                return;
            var probe = probes[_next];
            double envelope = probe.Profile.Envelope(timeSeconds);
            if (envelope <= 0)
                return;
            _frame = scene.Frame(probe.Taxel);
            // Shear builds up during the hold and relaxes with the release, as an indenter stage would drive it.
            double hold = MinimumJerk.Blend((timeSeconds - probe.Profile.HoldStartSeconds) / Math.Max(probe.Profile.HoldSeconds * 0.5, 1e-3));
            float shear = (float)(hold * envelope);
            Vector3 drag = shear * (probe.ShearDragMetres.X * _frame.X + probe.ShearDragMetres.Y * _frame.Y);
            contacts.Add(probe.Tip.Place(_frame, (float)(probe.DepthMetres * envelope), probe.OffsetMetres.X, probe.OffsetMetres.Y, probe.TipYawRadians, drag));
            _touching = true;
        }

        public override void FrameLabel(double timeSeconds, SceneView scene, ReadOnlySpan<ContactForce> forces, Span<float> label)
        {
            label.Clear();
            if (!_touching || forces.Length == 0)
                return;
            Vector3 shear = _frame.ToLocal(forces[0].ShearOnSkinNewtons);
            label[0] = shear.X;
            label[1] = shear.Y;
            label[2] = forces[0].NormalNewtons;
        }
    }
}
