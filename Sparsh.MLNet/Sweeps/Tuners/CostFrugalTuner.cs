using static Sparsh.MLNet.Sweeps.SweepParameterNames;

namespace Sparsh.MLNet.Sweeps;

/// <summary>
/// Cost-frugal search in the spirit of AutoML.NET's default tuner (FLAML's CFO with ECI family choice), written for this
/// search space. Each family starts at its cheap end (fewest epochs, trees, iterations, leaves; Frozen before FineTune;
/// other parameters mid-range) and then walks by randomised direct search in the unit cube of its parameters: a step of
/// length <c>step</c> in a random direction, the opposite step if that did not improve, the step halved after
/// 2 x dimensions proposals without improvement, and a restart from a random point once the step is below 1/16 of its
/// start. Which family gets the next trial is drawn with probability inversely proportional to its estimated cost for
/// improvement (ECI): the seconds it has spent since its last improvement (at least one trial's cost), or for a family
/// behind the best one, the seconds its own rate of improvement would need to catch up, if longer. Cheap families are
/// thus tried often and expensive ones only while they keep improving.
/// </summary>
/// <remarks>
/// Deterministic for a seed and a sequence of results; the family choice reads the trials' measured seconds, so two
/// sweeps from scratch can differ where timings differ, while a resumed sweep replays its journalled seconds exactly.
/// </remarks>
public sealed class CostFrugalTuner : ITuner
{
    /// <summary>The parameters whose low end is the cheap end, by default: epochs, trees, iterations, leaves, width, depth, heads, mode.</summary>
    public static IReadOnlyCollection<string> DefaultLowCostParameters { get; } =
        [Epochs, NumberOfTrees, MaximumNumberOfIterations, NumberOfLeaves, HiddenWidth, MlpDepth, Heads, Mode];

    private readonly FamilySearch[] _families;
    private readonly Random _random;
    private readonly Dictionary<int, (FamilySearch Family, Proposal Proposal)> _pending = [];

    /// <summary>A tuner over <paramref name="space"/>; <paramref name="lowCostParameters"/> start at their minimum (first choice).</summary>
    public CostFrugalTuner(SweepSearchSpace space, int seed, IEnumerable<string>? lowCostParameters = null)
    {
        ArgumentNullException.ThrowIfNull(space);
        var cheap = (lowCostParameters ?? DefaultLowCostParameters).ToHashSet(StringComparer.Ordinal);
        _random = new Random(seed);
        _families = space.Families.Select(f => new FamilySearch(f, f.Parameters.Select(p => cheap.Contains(p.Name) ? 0.0 : 0.5).ToArray())).ToArray();
        // Fail at construction, not at the first proposal, for a domain the unit cube cannot hold.
        foreach (var family in _families) UnitCube.Values(family.Space, family.Incumbent);
    }

    /// <inheritdoc/>
    public SweepTrial? Propose(int trialId)
    {
        var family = ChooseFamily();
        var proposal = family.Propose(_random);
        _pending[trialId] = (family, proposal);
        return new SweepTrial(trialId, family.Space.Family, proposal.Parameters);
    }

    /// <inheritdoc/>
    public void Update(SweepTrialResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!_pending.Remove(result.Id, out var entry))
            throw new InvalidOperationException($"Trial {result.Id} was not proposed by this tuner (or was updated twice).");
        entry.Family.Update(entry.Proposal, result.Loss, result.Seconds, _random);
    }

    // Every family's starting point first, in order; then a draw weighted by 1 / ECI.
    private FamilySearch ChooseFamily()
    {
        var untried = _families.FirstOrDefault(f => f.Proposed == 0);
        if (untried != null) return untried;
        var finished = _families.Where(f => f.Finished > 0).ToArray();
        if (finished.Length == 0) return _families[_random.Next(_families.Length)];
        double bestLoss = finished.Min(f => f.BestLoss);
        double meanCost = finished.Sum(f => f.Seconds) / finished.Sum(f => f.Finished);
        var weights = _families.Select(f => 1 / Math.Max(1e-6, f.EstimatedCostForImprovement(bestLoss, meanCost))).ToArray();
        double draw = _random.NextDouble() * weights.Sum();
        for (int i = 0; i < _families.Length; i++)
        {
            draw -= weights[i];
            if (draw < 0) return _families[i];
        }
        return _families[^1];
    }

    /// <summary>One proposed point: where, and the direction and sign of the step that led there (none for a start or restart).</summary>
    private sealed record Proposal(double[] Point, SweepParameters Parameters, double[]? Direction, bool Positive);

    /// <summary>The randomised direct search of one family, with the statistics its ECI needs.</summary>
    private sealed class FamilySearch(SweepFamilySpace space, double[] start)
    {
        private const double InitialStepPerDimension = 0.1;
        private const double StepFloorFraction = 1.0 / 16;
        private const int DuplicateRetries = 20;

        private readonly Queue<double[]> _opposites = new();
        private readonly HashSet<SweepParameters> _proposed = [];
        private readonly double _initialStep = InitialStepPerDimension * Math.Sqrt(Math.Max(1, space.Parameters.Count));
        private double _step = InitialStepPerDimension * Math.Sqrt(Math.Max(1, space.Parameters.Count));
        private bool _evaluateIncumbent = true;
        private int _withoutImprovement;
        private double _firstLoss = double.PositiveInfinity;
        private double _secondsSinceImprovement;

        public SweepFamilySpace Space { get; } = space;
        public double[] Incumbent { get; private set; } = start;
        public double IncumbentLoss { get; private set; } = double.PositiveInfinity;
        public double BestLoss { get; private set; } = double.PositiveInfinity;
        public int Proposed { get; private set; }
        public int Finished { get; private set; }
        public double Seconds { get; private set; }

        public Proposal Propose(Random random)
        {
            Proposed++;
            if (_evaluateIncumbent || Space.Parameters.Count == 0)
            {
                _evaluateIncumbent = false;
                return Remember(new Proposal(Incumbent, UnitCube.Values(Space, Incumbent), null, true));
            }
            for (int attempt = 0; attempt < DuplicateRetries; attempt++)
            {
                var (direction, positive) = _opposites.TryDequeue(out var opposite) ? (opposite, false) : (RandomDirection(random), true);
                var point = Incumbent.Select((x, i) => Math.Clamp(x + (positive ? 1 : -1) * _step * direction[i], 0, 1)).ToArray();
                var parameters = UnitCube.Values(Space, point);
                // A step too small to change any value (integer and choice parameters round) would repeat a trial: count it as
                // a step without improvement, which shrinks the step and eventually restarts the search elsewhere.
                if (_proposed.Contains(parameters))
                {
                    Fail(direction, positive, random);
                    continue;
                }
                return Remember(new Proposal(point, parameters, direction, positive));
            }
            // Every nearby point was tried: restart from a random point.
            Restart(random);
            _evaluateIncumbent = false;
            return Remember(new Proposal(Incumbent, UnitCube.Values(Space, Incumbent), null, true));
        }

        public void Update(Proposal proposal, double loss, double seconds, Random random)
        {
            Finished++;
            Seconds += seconds;
            _secondsSinceImprovement += seconds;
            if (double.IsFinite(loss) && double.IsInfinity(_firstLoss)) _firstLoss = loss;
            if (loss < BestLoss)
            {
                BestLoss = loss;
                _secondsSinceImprovement = 0;
            }
            if (loss < IncumbentLoss)
            {
                Incumbent = proposal.Point;
                IncumbentLoss = loss;
                _withoutImprovement = 0;
                _opposites.Clear();
            }
            else if (proposal.Direction != null) Fail(proposal.Direction, proposal.Positive, random);
        }

        /// <summary>
        /// Seconds this family is expected to need for its next improvement: the time since its last one (at least a trial's
        /// cost), or, when it trails the best family, the time its own rate of improvement needs to catch up, if longer.
        /// </summary>
        public double EstimatedCostForImprovement(double bestLoss, double meanCost)
        {
            double trialCost = Finished > 0 ? Seconds / Finished : meanCost;
            double sinceImprovement = Math.Max(_secondsSinceImprovement, trialCost);
            if (Finished == 0) return trialCost;
            if (double.IsInfinity(BestLoss)) return 10 * Math.Max(Seconds, trialCost); // nothing completed yet: try it rarely
            if (BestLoss <= bestLoss) return sinceImprovement;
            double speed = (_firstLoss - BestLoss) / Math.Max(Seconds, 1e-9);
            double catchUp = speed > 0 ? (BestLoss - bestLoss) / speed : 2 * Seconds + trialCost;
            return Math.Max(sinceImprovement, catchUp);
        }

        private Proposal Remember(Proposal proposal)
        {
            _proposed.Add(proposal.Parameters);
            return proposal;
        }

        private void Fail(double[] direction, bool positive, Random random)
        {
            if (positive) _opposites.Enqueue(direction);
            if (++_withoutImprovement < 2 * Math.Max(1, Space.Parameters.Count)) return;
            _withoutImprovement = 0;
            _step /= 2;
            if (_step < _initialStep * StepFloorFraction) Restart(random);
        }

        private void Restart(Random random)
        {
            Incumbent = Space.Parameters.Select(_ => random.NextDouble()).ToArray();
            IncumbentLoss = double.PositiveInfinity;
            _step = _initialStep;
            _withoutImprovement = 0;
            _opposites.Clear();
            _evaluateIncumbent = true;
        }

        private double[] RandomDirection(Random random)
        {
            var direction = Space.Parameters.Select(_ => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble())).ToArray();
            double norm = Math.Sqrt(direction.Sum(x => x * x));
            return norm > 0 ? direction.Select(x => x / norm).ToArray() : direction;
        }
    }
}
