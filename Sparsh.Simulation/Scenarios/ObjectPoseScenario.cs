using System.Numerics;
using Sparsh.Simulation.Contact;
using Sparsh.Simulation.Nuisances;
using Sparsh.Transforms.Hand;

namespace Sparsh.Simulation.Scenarios;

/// <summary>
/// Object pose: the hand holds still, fingers stretched, while an object (box or lying cylinder) is pressed against
/// the palm and slid and turned under it along a smooth random path, dragging the skin in its direction of motion and
/// twisting it about the object's centre while it turns.
/// Label "pose" at every magnetic frame: (Tx m, Ty m, theta rad) of the object in the palm plane.
/// </summary>
/// <remarks>
/// Palm plane: origin at the centroid of the palm taxels (<see cref="TaxelType.Palm4x6"/>), z their mean outward
/// normal, x the local x axis of the first palm taxel projected off z, y = z x x. Tx, Ty are the object centre's
/// coordinates along x and y; theta is the object's turn about z from its x axis lying along the plane's x axis.
/// </remarks>
public sealed class ObjectPoseScenario : ScenarioGenerator
{
    /// <summary>Creates the generator.</summary>
    /// <param name="options">Duration, timing and physics.</param>
    /// <param name="hand">The hand; it needs palm patches.</param>
    /// <param name="objects">Objects slid under the palm; a box, a flat box and a lying cylinder by default.</param>
    public ObjectPoseScenario(ScenarioOptions? options = null, HandModel? hand = null, IReadOnlyList<SimulatedObject>? objects = null)
        : base(options, hand)
    {
        Objects = objects ??
        [
            SimulatedObject.Box("box-40x30mm", new Vector3(0.020f, 0.015f, 0.010f)),
            SimulatedObject.Box("box-30x30mm", new Vector3(0.015f, 0.015f, 0.005f)),
            SimulatedObject.Cylinder("cylinder-15mm", 0.015f, 0.025f),
        ];
        if (Objects.Count == 0)
            throw new ArgumentException("Object pose needs at least one object.", nameof(objects));
        if (!Hand.Patches.Any(p => p.Type == TaxelType.Palm4x6))
            throw new ArgumentException("Object pose slides objects under the palm; the hand has no palm patches.", nameof(hand));
    }

    /// <summary>Task name of object-pose recordings.</summary>
    public const string TaskName = "object_pose";

    /// <summary>Label name: (Tx, Ty, theta).</summary>
    public const string LabelName = "pose";

    /// <summary>Largest |Tx|, |Ty| of the path, metres.</summary>
    public const float MaxTranslationMetres = 0.02f;

    /// <summary>Largest |theta| of the path, radians.</summary>
    public const float MaxRotationRadians = 0.6f;

    /// <inheritdoc />
    public override string Task => TaskName;

    /// <summary>Objects slid under the palm (one per recording).</summary>
    public IReadOnlyList<SimulatedObject> Objects { get; }

    private protected override SceneScript CreateScript(int seed, double durationSeconds) => new Script(this, seed);

    private sealed class Script : SceneScript
    {
        private static readonly ScenarioLabel PoseLabel = new(LabelName, "m, m, rad", ["tx_m", "ty_m", "theta_rad"]);
        private const double VelocityStep = 0.01;
        // Largest drag of the skin by sliding, and largest twist by turning: 0.1 rad moves the skin 1.5 mm at 15 mm from
        // the centre, as far as sliding does (both beyond the 1 mm slip distance at the footprint's edge).
        private const float MaxDragMetres = 0.0015f;
        private const float MaxTwistRadians = 0.1f;
        private readonly ObjectPoseScenario _owner;
        private readonly Random _random;
        private readonly float[] _pose;
        private readonly SimulatedObject _object;
        private readonly float _depth;
        private readonly List<(double Time, Vector3 Pose)> _waypoints;
        private TaxelFrame _plane;
        private bool _planeSet;
        private Vector3 _current;

        public Script(ObjectPoseScenario owner, int seed)
        {
            _owner = owner;
            _random = new Random(SeedMixer.Derive(seed, 1));
            // Fingers stretched (close to zero flexion, inside the limits) so that only the palm meets the object.
            _pose = owner.Hand.Joints.Select(j => (float)Math.Clamp(0.0, j.LowerLimitRadians, j.UpperLimitRadians)).ToArray();
            _object = owner.Objects[_random.Next(owner.Objects.Count)];
            _depth = (float)(0.0008 + 0.0007 * _random.NextDouble());
            _waypoints = [(0, RandomPose())];
        }

        public override string Task => TaskName;

        public override ScenarioLabel Label => PoseLabel;

        public override void JointAngles(double timeSeconds, Span<float> anglesRadians) => _pose.CopyTo(anglesRadians);

        public override void Contacts(double timeSeconds, SceneView scene, List<ContactObject> contacts)
        {
            if (!_planeSet)
                SetPlane(scene);
            _current = Pose(timeSeconds);
            // Sliding friction: the skin is dragged along the object's motion, saturating above about 1 cm/s, and twisted
            // with its turning, saturating above about 0.5 rad/s (1 cm/s at 2 cm from the centre, as for sliding).
            Vector3 before = Pose(Math.Max(0, timeSeconds - VelocityStep));
            Vector2 velocity = new Vector2(_current.X - before.X, _current.Y - before.Y) / (float)VelocityStep;
            float speed = velocity.Length();
            Vector3 drag = speed > 1e-6f
                ? MaxDragMetres * MathF.Tanh(speed / 0.01f) * (velocity.X * _plane.X + velocity.Y * _plane.Y) / speed
                : Vector3.Zero;
            float turnRate = (_current.Z - before.Z) / (float)VelocityStep;
            float twist = MaxTwistRadians * MathF.Tanh(turnRate / 0.5f);
            contacts.Add(_object.Place(_plane, _depth, _current.X, _current.Y, _current.Z, drag).WithTwist(twist));
        }

        public override void FrameLabel(double timeSeconds, SceneView scene, ReadOnlySpan<ContactForce> forces, Span<float> label)
        {
            label[0] = _current.X;
            label[1] = _current.Y;
            label[2] = _current.Z;
        }

        private void SetPlane(SceneView scene)
        {
            var palm = _owner.Hand.Taxels.Where(t => _owner.Hand.Patches[t.PatchIndex].Type == TaxelType.Palm4x6).Select(t => t.Index).ToArray();
            Vector3 origin = palm.Aggregate(Vector3.Zero, (sum, t) => sum + scene.Position(t)) / palm.Length;
            Vector3 z = Vector3.Normalize(palm.Aggregate(Vector3.Zero, (sum, t) => sum + scene.Normal(t)));
            Vector3 reference = scene.Frame(palm[0]).X;
            Vector3 x = Vector3.Normalize(reference - Vector3.Dot(reference, z) * z);
            _plane = new TaxelFrame(origin, x, Vector3.Cross(z, x), z);
            _planeSet = true;
        }

        // (Tx, Ty, theta) along minimum-jerk moves between random poses with short rests.
        private Vector3 Pose(double t)
        {
            while (_waypoints[^1].Time <= t)
            {
                var (last, pose) = _waypoints[^1];
                double hold = 0.5 * _random.NextDouble(), move = 1.0 + 1.5 * _random.NextDouble();
                _waypoints.Add((last + hold, pose));
                _waypoints.Add((last + hold + move, RandomPose()));
                if (_waypoints.Count > 8)
                    _waypoints.RemoveRange(0, _waypoints.Count - 8);
            }
            int k = _waypoints.FindLastIndex(w => w.Time <= t);
            if (k < 0)
                return _waypoints[0].Pose;
            var (t0, a) = _waypoints[k];
            var (t1, b) = _waypoints[k + 1];
            return a + (b - a) * (float)MinimumJerk.Blend((t - t0) / (t1 - t0));
        }

        private Vector3 RandomPose() => new(
            MaxTranslationMetres * (float)(2 * _random.NextDouble() - 1),
            MaxTranslationMetres * (float)(2 * _random.NextDouble() - 1),
            MaxRotationRadians * (float)(2 * _random.NextDouble() - 1));
    }
}
