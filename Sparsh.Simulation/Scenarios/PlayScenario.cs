using System.Numerics;
using Sparsh.Simulation.Contact;
using Sparsh.Simulation.Nuisances;
using Sparsh.Transforms.Hand;

namespace Sparsh.Simulation.Scenarios;

/// <summary>
/// Unlabelled play: the hand moves through random grasp-like poses (minimum-jerk, inside the joint limits) while
/// objects of <see cref="SimulatedObject.PlaySet"/> press, squeeze, slide, rotate, wipe, or are picked and
/// dropped against its skin, one atomic action after another with short idle gaps. Objects follow the taxels
/// they touch as the fingers move.
/// </summary>
public sealed class PlayScenario : ScenarioGenerator
{
    /// <summary>Creates the generator.</summary>
    /// <param name="options">Duration, timing and physics.</param>
    /// <param name="hand">The hand; the built-in Allegro XELA hand by default.</param>
    /// <param name="objects">Objects to play with; <see cref="SimulatedObject.PlaySet"/> by default.</param>
    /// <param name="actions">Actions to draw from; all by default.</param>
    public PlayScenario(ScenarioOptions? options = null, HandModel? hand = null, IReadOnlyList<SimulatedObject>? objects = null, IReadOnlyList<PlayAction>? actions = null)
        : base(options, hand)
    {
        Objects = objects ?? SimulatedObject.PlaySet;
        Actions = actions ?? Enum.GetValues<PlayAction>();
        if (Objects.Count == 0 || Actions.Count == 0)
            throw new ArgumentException("Play needs at least one object and one action.");
    }

    /// <summary>Task name of play recordings.</summary>
    public const string TaskName = "play";

    /// <inheritdoc />
    public override string Task => TaskName;

    /// <summary>Objects played with.</summary>
    public IReadOnlyList<SimulatedObject> Objects { get; }

    /// <summary>Actions drawn from.</summary>
    public IReadOnlyList<PlayAction> Actions { get; }

    private protected override SceneScript CreateScript(int seed, double durationSeconds) => new Script(this, seed);

    private sealed record Episode(PlayAction Kind, double Start, double Duration, SimulatedObject Object, int[] Anchors,
        float Depth, float Direction, float Distance, float Yaw, float Turn, float Cycles, Vector3 Weight)
    {
        public double End => Start + Duration;
        public double Phase(double t) => (t - Start) / Duration;
    }

    private sealed class Script(PlayScenario owner, int seed) : SceneScript
    {
        private const float Drag = 0.0015f;
        private readonly Random _random = new(SeedMixer.Derive(seed, 1));
        private readonly JointMotion _motion = new(owner.Hand, owner.Options.Trajectory, SeedMixer.Derive(seed, 2));
        private readonly int[] _fingertips = PatchesOf(owner.Hand, TaxelType.CurvedFingertip);
        private readonly int[] _palm = PatchesOf(owner.Hand, TaxelType.Palm4x6);
        private readonly int _thumbTip = owner.Hand.Patches.FirstOrDefault(p => p.Name == "3aftc")?.Index ?? -1;
        private Episode? _episode;

        public override string Task => TaskName;

        public override void JointAngles(double timeSeconds, Span<float> anglesRadians) => _motion.Evaluate(timeSeconds, anglesRadians);

        public override void Contacts(double timeSeconds, SceneView scene, List<ContactObject> contacts)
        {
            _episode ??= Next(Gap());
            while (timeSeconds >= _episode.End)
                _episode = Next(_episode.End + Gap());
            var e = _episode;
            if (timeSeconds <= e.Start)
                return;
            double s = e.Phase(timeSeconds);
            foreach (int anchor in e.Anchors)
            {
                var frame = scene.Frame(anchor);
                if (Place(e, s, frame) is { } contact)
                    contacts.Add(contact);
            }
        }

        // Where the object is at phase s of the episode, against one anchor taxel.
        private static ContactObject? Place(Episode e, double s, in TaxelFrame frame)
        {
            Vector3 along = frame.Tangent(e.Direction);
            switch (e.Kind)
            {
                case PlayAction.Press:
                case PlayAction.Squeeze:
                {
                    double envelope = new PressProfile(0, 0.3, 0.4, 0.3).Envelope(s);
                    return envelope <= 0 ? null : e.Object.Place(frame, (float)(e.Depth * envelope), 0, 0, e.Yaw, Vector3.Zero);
                }
                case PlayAction.Slide:
                {
                    double envelope = new PressProfile(0, 0.15, 0.7, 0.15).Envelope(s);
                    double travel = MinimumJerk.Blend((s - 0.15) / 0.7);
                    float moving = (float)Math.Min(1.0, MinimumJerk.BlendRate((s - 0.15) / 0.7));
                    float offset = (float)(e.Distance * (travel - 0.5));
                    return envelope <= 0 ? null : e.Object.Place(frame, (float)(e.Depth * envelope), offset * MathF.Cos(e.Direction), offset * MathF.Sin(e.Direction), e.Yaw, Drag * moving * along);
                }
                case PlayAction.Rotate:
                {
                    double envelope = new PressProfile(0, 0.2, 0.6, 0.2).Envelope(s);
                    double phase = (s - 0.2) / 0.6;
                    float yaw = e.Yaw + (float)(e.Turn * MinimumJerk.Blend(phase));
                    // Torsion has no single drag direction; the skin under the rim is dragged along the turn.
                    float turning = (float)Math.Min(1.0, MinimumJerk.BlendRate(phase)) * MathF.Sign(e.Turn);
                    return envelope <= 0 ? null : e.Object.Place(frame, (float)(e.Depth * envelope), 0, 0, yaw, 0.6f * Drag * turning * frame.Tangent(yaw + MathF.PI / 2));
                }
                case PlayAction.Wipe:
                {
                    double envelope = new PressProfile(0, 0.1, 0.8, 0.1).Envelope(s);
                    double angle = 2 * Math.PI * e.Cycles * s;
                    float offset = (float)(0.5 * e.Distance * Math.Sin(angle));
                    return envelope <= 0 ? null : e.Object.Place(frame, (float)(e.Depth * envelope), offset * MathF.Cos(e.Direction), offset * MathF.Sin(e.Direction), e.Yaw, Drag * (float)Math.Cos(angle) * along);
                }
                default:
                {
                    // Grip, hold while the weight drags the skin, then let go within about 30 ms.
                    double release = Math.Min(0.05, 0.03 / Math.Max(e.Duration, 0.03));
                    double envelope = new PressProfile(0, 0.25, 0.75 - release, release).Envelope(s);
                    float loaded = (float)MinimumJerk.Blend((s - 0.25) / 0.2);
                    return envelope <= 0 ? null : e.Object.Place(frame, (float)(e.Depth * envelope), 0, 0, e.Yaw, loaded * e.Weight);
                }
            }
        }

        private double Gap() => 0.2 + 0.8 * _random.NextDouble();

        private Episode Next(double start)
        {
            var kind = owner.Actions[_random.Next(owner.Actions.Count)];
            var obj = owner.Objects[_random.Next(owner.Objects.Count)];
            int[] anchors = kind switch
            {
                PlayAction.Squeeze => Grip(_random.Next(2) == 0 ? 2 : 3, allowPalm: true),
                PlayAction.PickAndDrop => Grip(_random.Next(2) == 0 ? 2 : 3, allowPalm: false),
                _ => [_random.Next(owner.Hand.TaxelCount)],
            };
            float light = kind == PlayAction.Wipe ? 0.5f : 1f;
            double duration = kind switch
            {
                PlayAction.Press => Uniform(0.5, 1.5),
                PlayAction.Squeeze => Uniform(0.8, 2.0),
                PlayAction.Slide => Uniform(0.8, 2.0),
                PlayAction.Rotate => Uniform(0.8, 2.0),
                PlayAction.Wipe => Uniform(1.5, 3.0),
                _ => Uniform(1.5, 3.0),
            };
            // The object's weight pulls the gripped skin one way (palm frame), 0.5-1.5 mm of drag.
            var weight = Vector3.Normalize(new Vector3((float)Gaussian(), (float)Gaussian(), (float)Gaussian()) + new Vector3(1e-6f, 0, 0)) * (float)Uniform(0.0005, 0.0015);
            return new Episode(kind, start, duration, obj, anchors,
                Depth: light * (float)Uniform(0.0005, 0.002),
                Direction: (float)Uniform(0, 2 * Math.PI),
                Distance: (float)Uniform(0.005, 0.02),
                Yaw: (float)Uniform(0, 2 * Math.PI),
                Turn: (float)Uniform(-1.2, 1.2),
                Cycles: _random.Next(2, 5),
                Weight: weight);
        }

        // One random taxel on the thumb tip (when the hand has one) and on other fingertips or the palm.
        private int[] Grip(int count, bool allowPalm)
        {
            var patches = new List<int>();
            if (_thumbTip >= 0) patches.Add(_thumbTip);
            var others = _fingertips.Where(p => p != _thumbTip).ToList();
            if (allowPalm) others.AddRange(_palm);
            while (patches.Count < count && others.Count > 0)
            {
                int k = _random.Next(others.Count);
                patches.Add(others[k]);
                others.RemoveAt(k);
            }
            return patches.Select(p => owner.Hand.Patches[p].FirstTaxelIndex + _random.Next(owner.Hand.Patches[p].TaxelCount)).ToArray();
        }

        private double Uniform(double min, double max) => min + (max - min) * _random.NextDouble();

        private double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());

        private static int[] PatchesOf(HandModel hand, TaxelType type) => hand.Patches.Where(p => p.Type == type).Select(p => p.Index).ToArray();
    }
}
