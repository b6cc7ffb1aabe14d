using System.Numerics;
using Sparsh.Simulation.Contact;
using Sparsh.Simulation.Geometry;
using Sparsh.Simulation.Nuisances;
using Sparsh.Simulation.Skins;
using Sparsh.Simulation.Transduction;

namespace Sparsh.Simulation;

/// <summary>
/// Produces raw XELA frames (counts, taxel-major x, y, z) from taxel poses and the objects touching the skin,
/// one frame per <see cref="Step"/>. Contact -> per-taxel loads -> viscoelastic lag -> magnet displacement ->
/// dipole field (+ crosstalk) -> counts with per-skin offsets and gains, drift, noise and faults.
/// Deterministic for a given seed; allocation-free per frame once it has seen its largest number of contacts.
/// </summary>
public sealed class SkinSimulator
{
    private const float ActiveThresholdNewtons = 1e-6f;

    private readonly TaxelGeometry _geometry;
    private readonly SkinProfile _skin;
    private readonly SkinSimulatorOptions _options;
    private readonly ContactModel _contact;
    private readonly MagneticTransducer _transducer;
    private readonly int _seed;
    private readonly float _boundingMargin;
    private readonly float _alphaLoad, _alphaUnload, _alphaCreep;
    private readonly float[] _crosstalkWeight;
    private readonly Vector3[] _restField;
    private readonly float[] _magnetHeight;
    private readonly double[] _wanderStepCos, _wanderStepSin;
    private readonly double _temperatureDecay, _temperatureKick;

    // Per-frame state, sized once.
    private readonly float[] _load, _fast, _creep, _field;
    private readonly int[] _loaded;
    private int _loadedCount;
    private readonly int[] _active;
    private readonly bool[] _isLoaded;
    private readonly Vector3[] _tangentX, _tangentY;
    private readonly double[] _wanderCos, _wanderSin;
    private ContactForce[] _forces = [];
    private int _forceCount;
    private GaussianSampler _noise;
    private GaussianSampler _drift;
    private double _temperature;
    private long _frame;

    /// <summary>Creates a simulator for one skin on one taxel layout.</summary>
    /// <param name="geometry">Taxel layout (patches, neighbours).</param>
    /// <param name="skin">The skin's offsets, gains and faults; must have as many taxels as the layout.</param>
    /// <param name="options">Physics parameters; defaults when null.</param>
    /// <param name="seed">Seed of the noise and drift streams.</param>
    public SkinSimulator(TaxelGeometry geometry, SkinProfile skin, SkinSimulatorOptions? options = null, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(skin);
        if (skin.TaxelCount != geometry.TaxelCount)
            throw new ArgumentException($"Skin '{skin.Id}' has {skin.TaxelCount} taxels; the layout has {geometry.TaxelCount}.", nameof(skin));
        _geometry = geometry;
        _skin = skin;
        _options = options ?? new SkinSimulatorOptions();
        _options.Validate(nameof(options));
        _seed = seed;
        _contact = new ContactModel(_options.Contact);
        _transducer = new MagneticTransducer(_options.Transduction);

        int n = geometry.TaxelCount;
        float dt = (float)(1.0 / _options.FrameRateHz);
        var visco = _options.Viscoelastic;
        _alphaLoad = 1f - MathF.Exp(-dt / visco.LoadingTimeConstantSeconds);
        _alphaUnload = 1f - MathF.Exp(-dt / visco.UnloadingTimeConstantSeconds);
        _alphaCreep = 1f - MathF.Exp(-dt / visco.CreepTimeConstantSeconds);

        // A taxel can take load from an object up to KernelCutoff kernel widths beyond its footprint.
        var c = _options.Contact;
        _boundingMargin = c.MaxIndentationMetres + c.KernelCutoffSigmas *
            MathF.Sqrt(ContactModel.HertzVarianceFraction * c.FlatEquivalentRadiusMetres * c.MaxIndentationMetres + c.ElastomerThicknessMetres * c.ElastomerThicknessMetres);

        _crosstalkWeight = new float[geometry.NeighbourIndex.Length];
        for (int t = 0; t < n; t++)
        {
            float pitch = MathF.Sqrt(geometry.AreaSquareMetres[t]);
            for (int k = geometry.NeighbourStart[t]; k < geometry.NeighbourStart[t + 1]; k++)
            {
                float ratio = pitch / geometry.NeighbourDistanceMetres[k];
                _crosstalkWeight[k] = _options.Transduction.Crosstalk * ratio * ratio * ratio;
            }
        }

        _magnetHeight = new float[n];
        _restField = new Vector3[n];
        _wanderStepCos = new double[n];
        _wanderStepSin = new double[n];
        for (int t = 0; t < n; t++)
        {
            _magnetHeight[t] = _options.Transduction.MagnetHeightMetres * skin.MagnetHeightScale[t];
            var offset = new Vector3(skin.MagnetOffsetMetres[t], 0f);
            _restField[t] = _transducer.Field(offset, _magnetHeight[t], Vector3.Zero);
            double step = 2.0 * Math.PI * skin.WanderFrequencyHz[t] * dt;
            _wanderStepCos[t] = Math.Cos(step);
            _wanderStepSin[t] = Math.Sin(step);
        }
        var noise = _options.Noise;
        _temperatureDecay = Math.Exp(-dt / noise.TemperatureTimeConstantSeconds);
        _temperatureKick = noise.TemperatureStdKelvin * Math.Sqrt(1 - _temperatureDecay * _temperatureDecay);

        _load = new float[3 * n];
        _fast = new float[3 * n];
        _creep = new float[3 * n];
        _field = new float[3 * n];
        _loaded = new int[n];
        _active = new int[n];
        _isLoaded = new bool[n];
        _tangentX = new Vector3[n];
        _tangentY = new Vector3[n];
        _wanderCos = new double[n];
        _wanderSin = new double[n];
        _noise = null!;
        _drift = null!;
        Reset();
    }

    /// <summary>The skin being simulated.</summary>
    public SkinProfile Skin => _skin;

    /// <summary>The taxel layout.</summary>
    public TaxelGeometry Geometry => _geometry;

    /// <summary>Physics parameters in use.</summary>
    public SkinSimulatorOptions Options => _options;

    /// <summary>Simulated time of the next frame, seconds since the last <see cref="Reset"/>.</summary>
    public double TimeSeconds => _frame / _options.FrameRateHz;

    /// <summary>Force each contact of the last frame applied (same order as the contacts given), palm frame.</summary>
    public ReadOnlySpan<ContactForce> ContactForces => _forces.AsSpan(0, _forceCount);

    /// <summary>Elastomer at rest, drift and noise streams back to their seeded start.</summary>
    public void Reset()
    {
        Array.Clear(_load);
        Array.Clear(_fast);
        Array.Clear(_creep);
        Array.Clear(_isLoaded);
        _loadedCount = 0;
        _forceCount = 0;
        _frame = 0;
        _noise = new GaussianSampler(SeedMixer.Derive(_seed, 1));
        _drift = new GaussianSampler(SeedMixer.Derive(_seed, 2));
        _temperature = _options.Noise.TemperatureStdKelvin * _drift.Next();
        for (int t = 0; t < _wanderCos.Length; t++)
        {
            _wanderCos[t] = Math.Cos(_skin.WanderPhase[t]);
            _wanderSin[t] = Math.Sin(_skin.WanderPhase[t]);
        }
    }

    /// <summary>Simulates one frame.</summary>
    /// <param name="positionsMetres">Taxel positions in the palm frame (taxels x 3), e.g. from forward kinematics.</param>
    /// <param name="normals">Outward unit normals of the taxels (taxels x 3).</param>
    /// <param name="contacts">Objects touching the hand this frame.</param>
    /// <param name="rawCounts">Receives the frame (taxels x 3 counts, whole numbers in [0, 65535]).</param>
    public void Step(ReadOnlySpan<float> positionsMetres, ReadOnlySpan<float> normals, ReadOnlySpan<ContactObject> contacts, Span<float> rawCounts)
    {
        int values = 3 * _geometry.TaxelCount;
        if (positionsMetres.Length != values)
            throw new ArgumentException($"Expected {values} position values; got {positionsMetres.Length}.", nameof(positionsMetres));
        if (normals.Length != values)
            throw new ArgumentException($"Expected {values} normal values; got {normals.Length}.", nameof(normals));
        if (rawCounts.Length != values)
            throw new ArgumentException($"Expected room for {values} counts; got {rawCounts.Length}.", nameof(rawCounts));

        ApplyContacts(positionsMetres, normals, contacts);
        int activeCount = UpdateElastomer();
        ComputeField(activeCount);
        WriteCounts(rawCounts);
        _frame++;
    }

    private void ApplyContacts(ReadOnlySpan<float> positions, ReadOnlySpan<float> normals, ReadOnlySpan<ContactObject> contacts)
    {
        for (int k = 0; k < _loadedCount; k++)
        {
            int t = _loaded[k];
            _load[3 * t] = _load[3 * t + 1] = _load[3 * t + 2] = 0f;
            _isLoaded[t] = false;
        }
        _loadedCount = 0;
        if (_forces.Length < contacts.Length)
            _forces = new ContactForce[contacts.Length];
        _forceCount = contacts.Length;

        var area = _geometry.AreaSquareMetres;
        for (int c = 0; c < contacts.Length; c++)
        {
            ref readonly ContactObject contact = ref contacts[c];
            float reach = contact.BoundingRadiusMetres + _boundingMargin;
            float reachSquared = reach * reach;
            float normalTotal = 0f;
            Vector3 forceTotal = Vector3.Zero, shearTotal = Vector3.Zero;
            for (int t = 0; t < _geometry.TaxelCount; t++)
            {
                var p = new Vector3(positions[3 * t], positions[3 * t + 1], positions[3 * t + 2]);
                if (Vector3.DistanceSquared(p, contact.Centre) > reachSquared)
                    continue;
                var n = new Vector3(normals[3 * t], normals[3 * t + 1], normals[3 * t + 2]);
                float normalLoad = _contact.NormalLoad(contact, p, n, area[t]);
                if (normalLoad <= 0f)
                    continue;
                Vector3 shear = _contact.ShearLoad(contact, p, n, normalLoad);
                normalTotal += normalLoad;
                shearTotal += shear;
                forceTotal += shear - normalLoad * n;
                if (!_isLoaded[t])
                {
                    _isLoaded[t] = true;
                    _loaded[_loadedCount++] = t;
                    SetTangentFrame(t, positions, n);
                }
                _load[3 * t] += Vector3.Dot(shear, _tangentX[t]);
                _load[3 * t + 1] += Vector3.Dot(shear, _tangentY[t]);
                _load[3 * t + 2] += normalLoad;
            }
            _forces[c] = new ContactForce(normalTotal, forceTotal, shearTotal);
        }
    }

    private void SetTangentFrame(int t, ReadOnlySpan<float> positions, Vector3 n)
    {
        _geometry.TangentFrame(t, positions, n, out _tangentX[t], out _tangentY[t]);
    }

    // First-order lag, faster on loading than unloading, plus creep; returns how many taxels still feel a load.
    private int UpdateElastomer()
    {
        float creepFraction = _options.Viscoelastic.CreepFraction;
        int activeCount = 0;
        for (int t = 0; t < _geometry.TaxelCount; t++)
        {
            bool active = false;
            for (int a = 3 * t; a < 3 * t + 3; a++)
            {
                float target = _load[a];
                float fast = _fast[a];
                fast += (target - fast) * (MathF.Abs(target) > MathF.Abs(fast) ? _alphaLoad : _alphaUnload);
                float creep = _creep[a] + (creepFraction * target - _creep[a]) * _alphaCreep;
                // Snap tiny remnants to zero, each on its own: resting taxels then skip the dipole model, and a
                // fast term decaying while creep lingers never reaches denormals (which are ~100x slower).
                if (target == 0f)
                {
                    if (MathF.Abs(fast) < ActiveThresholdNewtons) fast = 0f;
                    if (MathF.Abs(creep) < ActiveThresholdNewtons) creep = 0f;
                }
                _fast[a] = fast;
                _creep[a] = creep;
                active |= fast != 0f || creep != 0f;
            }
            if (active)
                _active[activeCount++] = t;
        }
        return activeCount;
    }

    private void ComputeField(int activeCount)
    {
        Array.Clear(_field);
        for (int k = 0; k < activeCount; k++)
        {
            int t = _active[k];
            var load = new Vector3(_fast[3 * t] + _creep[3 * t], _fast[3 * t + 1] + _creep[3 * t + 1], _fast[3 * t + 2] + _creep[3 * t + 2]);
            var offset = new Vector3(_skin.MagnetOffsetMetres[t], 0f);
            Vector3 change = _transducer.Field(offset, _magnetHeight[t], _transducer.Displacement(load)) - _restField[t];
            _field[3 * t] += change.X;
            _field[3 * t + 1] += change.Y;
            _field[3 * t + 2] += change.Z;
            // Crosstalk: neighbouring sensors see a little of this magnet's change.
            for (int j = _geometry.NeighbourStart[t]; j < _geometry.NeighbourStart[t + 1]; j++)
            {
                int i = _geometry.NeighbourIndex[j];
                float w = _crosstalkWeight[j];
                _field[3 * i] += w * change.X;
                _field[3 * i + 1] += w * change.Y;
                _field[3 * i + 2] += w * change.Z;
            }
        }
    }

    private void WriteCounts(Span<float> rawCounts)
    {
        var noiseOptions = _options.Noise;
        float noiseStd = noiseOptions.NoiseStdCounts;
        bool drift = noiseOptions.Drift;
        if (drift)
            _temperature = _temperature * _temperatureDecay + _temperatureKick * _drift.Next();
        float temperature = (float)_temperature;
        bool renormalise = (_frame & 1023) == 0;
        var offsets = _skin.OffsetCounts;
        var gains = _skin.GainCounts;
        for (int t = 0; t < _geometry.TaxelCount; t++)
        {
            float wander = 0f;
            if (drift)
            {
                double c = _wanderCos[t], s = _wanderSin[t];
                _wanderCos[t] = c * _wanderStepCos[t] - s * _wanderStepSin[t];
                _wanderSin[t] = s * _wanderStepCos[t] + c * _wanderStepSin[t];
                if (renormalise)
                {
                    double norm = Math.Sqrt(_wanderCos[t] * _wanderCos[t] + _wanderSin[t] * _wanderSin[t]);
                    _wanderCos[t] /= norm;
                    _wanderSin[t] /= norm;
                }
                wander = (float)s;
            }
            switch (_skin.Faults[t])
            {
                case TaxelFault.DeadLow:
                    rawCounts.Slice(3 * t, 3).Fill(0f);
                    continue;
                case TaxelFault.DeadHigh:
                    rawCounts.Slice(3 * t, 3).Fill(ushort.MaxValue);
                    continue;
                case TaxelFault.Stuck:
                    _skin.StuckCounts.AsSpan(3 * t, 3).CopyTo(rawCounts.Slice(3 * t, 3));
                    continue;
            }
            for (int i = 3 * t; i < 3 * t + 3; i++)
            {
                float value = offsets[i] + gains[i] * _field[i];
                if (drift)
                    value += _skin.TemperatureSensitivityCounts[i] * temperature + _skin.WanderAmplitudeCounts[i] * wander;
                if (noiseStd > 0f)
                    value += noiseStd * (float)_noise.Next();
                // A 16-bit ADC: whole counts, clipped at its rails.
                rawCounts[i] = Math.Clamp(MathF.Round(value), 0f, ushort.MaxValue);
            }
        }
    }
}
