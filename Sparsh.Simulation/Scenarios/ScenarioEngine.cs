using System.Runtime.InteropServices;
using Sparsh.Simulation.Contact;
using Sparsh.Simulation.Geometry;
using Sparsh.Simulation.Nuisances;
using Sparsh.Simulation.Skins;
using Sparsh.Transforms.Hand;
using Sparsh.Transforms.Recordings;
using Sparsh.Transforms.Xela;

namespace Sparsh.Simulation.Scenarios;

/// <summary>
/// Runs a <see cref="SceneScript"/> through the hand and skin simulators on three clocks: physics and the magnetic
/// stream at the sensor rate (with jitter and drop-outs), the joint stream at its own rate through a noisy
/// encoder, and, where the label has one, the label's own clock.
/// </summary>
internal sealed class ScenarioEngine
{
    private readonly SceneScript _script;
    private readonly ScenarioOptions _options;
    private readonly SkinSimulator _simulator;
    private readonly SceneView _scene;
    private readonly StreamClock _magneticClock, _jointClock;
    private readonly StreamClock? _labelClock;
    private readonly JointEncoder _encoder;
    private readonly List<ContactObject> _contacts = [];
    private readonly float[] _angles, _jointTruth, _jointReading, _raw, _label;
    private readonly double _rate;
    private long _frame;

    public ScenarioEngine(HandModel hand, SkinProfile skin, SceneScript script, ScenarioOptions options, int seed)
    {
        ArgumentNullException.ThrowIfNull(hand);
        ArgumentNullException.ThrowIfNull(skin);
        if (hand.TaxelCount != XelaSkin.TaxelCount || hand.JointCount != XelaSkin.JointCount)
            throw new ArgumentException($"Recordings need {XelaSkin.TaxelCount} taxels and {XelaSkin.JointCount} joints; the hand has {hand.TaxelCount} and {hand.JointCount}.", nameof(hand));
        _script = script;
        _options = options;
        var geometry = TaxelGeometry.FromHand(hand);
        _simulator = new SkinSimulator(geometry, skin, options.Physics, SeedMixer.Derive(seed, 10));
        _scene = new SceneView(hand, geometry);
        _rate = options.Physics.FrameRateHz;
        _magneticClock = new StreamClock(options.MagneticTiming with { RateHz = _rate }, SeedMixer.Derive(seed, 11));
        _jointClock = new StreamClock(options.JointTiming, SeedMixer.Derive(seed, 12));
        _encoder = new JointEncoder(options.EncoderNoiseStdRadians, options.EncoderResolutionRadians, SeedMixer.Derive(seed, 13));
        if (script.Label?.RateHz is double labelRate)
            // A label device (e.g. the joystick's controller) has its own clock; it drops nothing here, jitter only.
            _labelClock = new StreamClock(new StreamTimingOptions { RateHz = labelRate, JitterStdSeconds = 0.001, DropProbability = 0 }, SeedMixer.Derive(seed, 14));
        _angles = new float[hand.JointCount];
        _jointTruth = new float[hand.JointCount];
        _jointReading = new float[hand.JointCount];
        _raw = new float[XelaSkin.ValuesPerFrame];
        _label = new float[script.Label?.Width ?? 0];
    }

    /// <summary>The skin simulator (for its contact forces).</summary>
    public SkinSimulator Simulator => _simulator;

    /// <summary>Simulates <see cref="ScenarioOptions.DurationSeconds"/> and returns the recording.</summary>
    public XelaRecording Record(string id, CancellationToken cancellationToken = default)
    {
        int frames = (int)Math.Round(_options.DurationSeconds * _rate);
        if (frames < 1)
            throw new ArgumentOutOfRangeException(nameof(_options.DurationSeconds), $"DurationSeconds {_options.DurationSeconds} gives no frame at {_rate} Hz.");
        var magnetic = new SeriesBuffer(RecordingFormat.MagneticStream, XelaSkin.ValuesPerFrame, "counts", capacityRows: frames);
        var joints = new SeriesBuffer(RecordingFormat.JointsStream, XelaSkin.JointCount, "rad",
            Enumerable.Range(0, XelaSkin.JointCount).Select(AllegroXelaDefaults.JointName).ToArray(),
            capacityRows: (int)(_options.DurationSeconds * _options.JointTiming.RateHz) + 1);
        var spec = _script.Label;
        var label = spec is null ? null : new SeriesBuffer(spec.Name, spec.Width, spec.Unit, spec.ChannelNames);
        for (int f = 0; f < frames; f++)
        {
            if ((f & 1023) == 0)
                cancellationToken.ThrowIfCancellationRequested();
            Advance(joints, magnetic, label);
        }
        var labels = label is null || spec is null ? null : new Dictionary<string, TimeSeries> { [spec.Name] = label.ToTimeSeries() };
        return new XelaRecording(id, magnetic.ToTimeSeries(), joints.ToTimeSeries(), labels, _simulator.Skin.Id, _script.Task);
    }

    /// <summary>Frames as the host receives them, without end (dropped frames are skipped).</summary>
    public IEnumerable<SimulatedFrame> Frames()
    {
        while (true)
        {
            if (Advance(null, null, null, out double stamp))
                yield return new SimulatedFrame(stamp, (float[])_raw.Clone(), (float[])_jointReading.Clone());
        }
    }

    private void Advance(SeriesBuffer? joints, SeriesBuffer? magnetic, SeriesBuffer? label) => Advance(joints, magnetic, label, out _);

    // One physics frame, and every joint and label sample due up to it. True when the magnetic frame reached the host.
    private bool Advance(SeriesBuffer? joints, SeriesBuffer? magnetic, SeriesBuffer? label, out double stamp)
    {
        double t = _frame++ / _rate;
        // The controller samples joints on its own grid; readings due by this frame are taken first.
        while (_jointClock.NominalSeconds <= t)
        {
            double nominal = _jointClock.NominalSeconds;
            bool received = _jointClock.Next(out double jointStamp);
            if (!received)
                continue;
            _script.JointAngles(nominal, _jointTruth);
            _encoder.Read(_jointTruth, _jointReading);
            joints?.Add(jointStamp, _jointReading);
        }

        _script.JointAngles(t, _angles);
        _scene.Pose(_angles);
        _contacts.Clear();
        _script.Contacts(t, _scene, _contacts);
        _simulator.Step(_scene.Positions, _scene.Normals, CollectionsMarshal.AsSpan(_contacts), _raw);

        bool kept = _magneticClock.Next(out stamp);
        if (kept)
        {
            magnetic?.Add(stamp, _raw);
            if (label is not null && _labelClock is null)
            {
                _script.FrameLabel(t, _scene, _simulator.ContactForces, _label);
                label.Add(stamp, _label);
            }
        }
        while (_labelClock is not null && _labelClock.NominalSeconds <= t)
        {
            double nominal = _labelClock.NominalSeconds;
            if (_labelClock.Next(out double labelStamp) && label is not null)
            {
                _script.ClockLabel(nominal, _label);
                label.Add(labelStamp, _label);
            }
        }
        return kept;
    }
}
