using System.Numerics;
using Sparsh.Simulation.Contact;
using Sparsh.Simulation.Nuisances;
using Sparsh.Transforms.Hand;

namespace Sparsh.Simulation.Scenarios;

/// <summary>
/// Joystick: the hand holds still with two or three fingertips resting on the cap of a 3-axis joystick. The
/// joystick's state (x, y tilt and z push, each in [-1, 1]) moves smoothly between random targets and springs back
/// to centre now and then; tilt drags the fingertip skin along the joystick's x and y axes and push presses it
/// deeper. Label "joystick" (unitless, [-1, 1]) on the joystick controller's own 10 Hz clock.
/// </summary>
/// <remarks>
/// Joystick axes: z is the mean outward normal of the resting fingertip taxels, x the palm frame's x axis
/// projected off z (y if x is nearly along z), y = z x x.
/// </remarks>
public sealed class JoystickScenario : ScenarioGenerator
{
    /// <summary>Creates the generator.</summary>
    /// <param name="options">Duration, timing and physics.</param>
    /// <param name="hand">The hand.</param>
    /// <param name="labelRateHz">Rate of the joystick's own clock, hertz.</param>
    public JoystickScenario(ScenarioOptions? options = null, HandModel? hand = null, double labelRateHz = 10.0)
        : base(options, hand)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(labelRateHz);
        LabelRateHz = labelRateHz;
    }

    /// <summary>Task name of joystick recordings.</summary>
    public const string TaskName = "joystick";

    /// <summary>Label name: the three axis states.</summary>
    public const string LabelName = "joystick";

    /// <inheritdoc />
    public override string Task => TaskName;

    /// <summary>Rate of the joystick label, hertz.</summary>
    public double LabelRateHz { get; }

    private protected override SceneScript CreateScript(int seed, double durationSeconds) => new Script(this, seed);

    private sealed class Script : SceneScript
    {
        // Cap radius, resting indentation, and the skin drag and extra indentation at full deflection.
        private const float CapRadius = 0.012f, RestDepth = 0.0008f, TiltDrag = 0.0015f, PushDepth = 0.0006f;
        private readonly JoystickScenario _owner;
        private readonly ScenarioLabel _label;
        private readonly float[] _pose;
        private readonly int[] _anchors;
        private readonly SimulatedObject _cap = SimulatedObject.Sphere("joystick-cap", CapRadius);
        private readonly Random _random;
        private readonly List<(double Time, Vector3 State)> _waypoints = [(0, Vector3.Zero)];
        private Vector3 _x, _y;
        private bool _axesSet;

        public Script(JoystickScenario owner, int seed)
        {
            _owner = owner;
            _label = new ScenarioLabel(LabelName, "", ["x", "y", "z"], owner.LabelRateHz);
            var hand = owner.Hand;
            _random = new Random(SeedMixer.Derive(seed, 1));
            // A relaxed, half-closed hand, so the fingertips can rest on a knob below the palm.
            _pose = hand.Joints.Select(j => (float)(j.LowerLimitRadians + (0.25 + 0.2 * _random.NextDouble()) * (j.UpperLimitRadians - j.LowerLimitRadians))).ToArray();
            var tips = hand.Patches.Where(p => p.Type == TaxelType.CurvedFingertip).ToList();
            int count = Math.Min(tips.Count, 2 + _random.Next(2));
            _random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(tips));
            _anchors = tips.Take(count).Select(p => p.FirstTaxelIndex + _random.Next(p.TaxelCount)).ToArray();
        }

        public override string Task => TaskName;

        public override ScenarioLabel Label => _label;

        public override void JointAngles(double timeSeconds, Span<float> anglesRadians) => _pose.CopyTo(anglesRadians);

        public override void Contacts(double timeSeconds, SceneView scene, List<ContactObject> contacts)
        {
            if (!_axesSet)
                SetAxes(scene);
            Vector3 state = State(timeSeconds);
            Vector3 drag = TiltDrag * (state.X * _x + state.Y * _y);
            float depth = RestDepth + PushDepth * state.Z;
            foreach (int anchor in _anchors)
                contacts.Add(_cap.Place(scene.Frame(anchor), depth, 0, 0, 0, drag));
        }

        public override void ClockLabel(double timeSeconds, Span<float> label)
        {
            Vector3 state = State(timeSeconds);
            label[0] = state.X;
            label[1] = state.Y;
            label[2] = state.Z;
        }

        private void SetAxes(SceneView scene)
        {
            Vector3 z = Vector3.Normalize(_anchors.Aggregate(Vector3.Zero, (sum, t) => sum + scene.Normal(t)) + new Vector3(0, 0, 1e-6f));
            Vector3 reference = MathF.Abs(z.X) < 0.9f ? Vector3.UnitX : Vector3.UnitY;
            _x = Vector3.Normalize(reference - Vector3.Dot(reference, z) * z);
            _y = Vector3.Cross(z, _x);
            _axesSet = true;
        }

        // Minimum-jerk moves between random states, each component inside [-1, 1]; a third of the targets are the centre.
        private Vector3 State(double t)
        {
            while (_waypoints[^1].Time <= t)
            {
                var (last, state) = _waypoints[^1];
                double hold = 0.2 + 0.8 * _random.NextDouble(), move = 0.4 + 1.2 * _random.NextDouble();
                Vector3 target = _random.Next(3) == 0
                    ? Vector3.Zero
                    : new Vector3(Symmetric(), Symmetric(), Symmetric());
                _waypoints.Add((last + hold, state));
                _waypoints.Add((last + hold + move, target));
                // Keep only what queries (which never go back further than one physics frame) can still need.
                if (_waypoints.Count > 8)
                    _waypoints.RemoveRange(0, _waypoints.Count - 8);
            }
            int k = _waypoints.FindLastIndex(w => w.Time <= t);
            if (k < 0)
                return _waypoints[0].State;
            var (t0, a) = _waypoints[k];
            var (t1, b) = _waypoints[k + 1];
            float blend = (float)MinimumJerk.Blend((t - t0) / (t1 - t0));
            return Vector3.Clamp(a + (b - a) * blend, -Vector3.One, Vector3.One);
        }

        private float Symmetric() => (float)(2 * _random.NextDouble() - 1);
    }
}
