using System.Text.Json;
using System.Text.Json.Serialization;
using Sparsh.Transforms.Core;

namespace Sparsh.MLNet.Sweeps;

/// <summary>
/// A sweep written out in advance for trial-per-process execution (plan.json): the search space, the scoring settings and
/// every trial with its parameters, plus free-form notes on where the data comes from. Each worker loads the plan and runs
/// one trial by index (<see cref="DecoderSweep.RunPlannedTrial"/>); <see cref="DecoderSweep.Report"/> merges their results.
/// Only non-adaptive tuners can be planned (Random, Grid): an adaptive tuner's next trial depends on results not known yet.
/// </summary>
public sealed class SweepPlan
{
    /// <summary>The format tag written in every plan.</summary>
    public const string Format = "sparsh-sweep-plan/1";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly PlanDocument _document;

    private SweepPlan(PlanDocument document, SweepSearchSpace space, IReadOnlyList<SweepTrial> trials)
    {
        _document = document;
        SearchSpace = space;
        Trials = trials;
    }

    /// <summary>The search space the trials were drawn from (part of the journal's fingerprint).</summary>
    public SweepSearchSpace SearchSpace { get; }

    /// <summary>Every trial, by id (index = id).</summary>
    public IReadOnlyList<SweepTrial> Trials { get; }

    /// <summary>Free-form notes on the data, e.g. a file path or a generator's settings; the app that reads the plan interprets them.</summary>
    public IReadOnlyDictionary<string, string> Data => _document.Data;

    /// <summary>Plans <paramref name="options"/>' sweep: its first <see cref="SweepOptions.MaxTrials"/> trials under its strategy.</summary>
    /// <exception cref="NotSupportedException">The strategy is adaptive, or the options hold what a file cannot (a pipeline factory, an encoder module, a custom tuner).</exception>
    public static SweepPlan Create(SweepOptions options, IReadOnlyDictionary<string, string>? data = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Strategy == SweepStrategy.CostFrugal || options.Tuner != null)
            throw new NotSupportedException("Only Random and Grid sweeps can be planned ahead: an adaptive tuner's next trial depends on results not known yet. Run CostFrugal in one process.");
        if (options.PipelineFactory != null || options.Encoder != null || options.EncoderConfig != null || options.SkipTrial != null || options.MedianStopping != null)
            throw new NotSupportedException("A plan file holds settings, not code or modules: PipelineFactory, Encoder, EncoderConfig, SkipTrial and MedianStopping cannot be planned.");
        if (options.MaxTrials < 1) throw new ArgumentOutOfRangeException(nameof(options), $"MaxTrials must be at least 1, got {options.MaxTrials}.");
        var space = options.SearchSpace ?? SweepSearchSpace.Default();
        var trials = space.Plan(options.Strategy, options.Seed, options.GridPointsPerRange).Take(options.MaxTrials).ToArray();
        var document = new PlanDocument
        {
            Format = Format,
            Strategy = options.Strategy,
            Seed = options.Seed,
            Folds = options.Folds,
            TestFraction = options.TestFraction,
            GridPointsPerRange = options.GridPointsPerRange,
            Metric = options.Metric,
            GroupColumnName = options.GroupColumnName,
            TokensColumnName = options.TokensColumnName,
            EmbeddingColumnName = options.EmbeddingColumnName,
            LabelColumnName = options.LabelColumnName,
            OutputNames = options.OutputNames?.ToArray(),
            BatchSize = options.BatchSize,
            ValidationFraction = options.ValidationFraction,
            TrialTimeLimitSeconds = options.TrialTimeLimit?.TotalSeconds,
            Space = space.Families.Select(FamilyDocument.From).ToList(),
            Data = new Dictionary<string, string>(data ?? new Dictionary<string, string>()),
            Trials = trials.Select(t => new TrialDocument { Id = t.Id, Family = t.Family, Parameters = t.Parameters.Values.ToDictionary() }).ToList(),
        };
        return new SweepPlan(document, space, trials);
    }

    /// <summary>Writes the plan as indented JSON, atomically.</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder != null) Directory.CreateDirectory(folder);
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(_document, Json));
    }

    /// <summary>Reads a plan written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a plan, or a trial or domain in it is malformed (the message names the file and what).</exception>
    public static SweepPlan Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"Sweep plan '{path}' does not exist.", path);
        PlanDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<PlanDocument>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Sweep plan '{path}' is not valid JSON: {e.Message}", e);
        }
        if (document?.Format != Format)
            throw new InvalidDataException($"Sweep plan '{path}' has format '{document?.Format}'; expected '{Format}'.");
        if (document.Space is not { Count: > 0 } || document.Trials == null)
            throw new InvalidDataException($"Sweep plan '{path}' lists no search space or no trials.");
        SweepSearchSpace space;
        try
        {
            space = new SweepSearchSpace(document.Space.Select(f => f.ToSpace()));
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException)
        {
            throw new InvalidDataException($"Sweep plan '{path}': its search space is malformed: {e.Message}", e);
        }
        var trials = new List<SweepTrial>(document.Trials.Count);
        for (int i = 0; i < document.Trials.Count; i++)
        {
            var t = document.Trials[i];
            if (t == null || t.Id != i || t.Parameters == null || !Enum.IsDefined(t.Family) || t.Parameters.Any(p => p.Value == null))
                throw new InvalidDataException($"Sweep plan '{path}': trial entry {i} is malformed (expected id {i}, a known family and parameters).");
            trials.Add(new SweepTrial(t.Id, t.Family, new SweepParameters(t.Parameters)));
        }
        document.Data ??= [];
        return new SweepPlan(document, space, trials);
    }

    /// <summary>The sweep options the plan was made with, journalling to <paramref name="outputFolder"/>.</summary>
    public SweepOptions ToOptions(string? outputFolder) => new()
    {
        SearchSpace = SearchSpace,
        Strategy = _document.Strategy,
        MaxTrials = Trials.Count,
        Seed = _document.Seed,
        Folds = _document.Folds,
        TestFraction = _document.TestFraction,
        GridPointsPerRange = _document.GridPointsPerRange,
        Metric = _document.Metric,
        GroupColumnName = _document.GroupColumnName,
        TokensColumnName = _document.TokensColumnName,
        EmbeddingColumnName = _document.EmbeddingColumnName,
        LabelColumnName = _document.LabelColumnName,
        OutputNames = _document.OutputNames,
        BatchSize = _document.BatchSize,
        ValidationFraction = _document.ValidationFraction,
        TrialTimeLimit = _document.TrialTimeLimitSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
        OutputFolder = outputFolder,
    };

    private sealed class PlanDocument
    {
        public string? Format { get; set; }
        public SweepStrategy Strategy { get; set; }
        public int Seed { get; set; }
        public int Folds { get; set; }
        public double TestFraction { get; set; }
        public int GridPointsPerRange { get; set; }
        public SweepMetric Metric { get; set; }
        public string GroupColumnName { get; set; } = "";
        public string TokensColumnName { get; set; } = "";
        public string EmbeddingColumnName { get; set; } = "";
        public string LabelColumnName { get; set; } = "";
        public string[]? OutputNames { get; set; }
        public int BatchSize { get; set; }
        public double ValidationFraction { get; set; }
        public double? TrialTimeLimitSeconds { get; set; }
        public List<FamilyDocument> Space { get; set; } = [];
        public Dictionary<string, string> Data { get; set; } = [];
        public List<TrialDocument> Trials { get; set; } = [];
    }

    private sealed class TrialDocument
    {
        public int Id { get; set; }
        public SweepFamily Family { get; set; }
        public Dictionary<string, string> Parameters { get; set; } = [];
    }

    private sealed class FamilyDocument
    {
        public SweepFamily Family { get; set; }
        public List<DomainDocument> Parameters { get; set; } = [];

        public static FamilyDocument From(SweepFamilySpace family) => new()
        {
            Family = family.Family,
            Parameters = family.Parameters.Select(DomainDocument.From).ToList(),
        };

        public SweepFamilySpace ToSpace() => new(Family, (Parameters ?? throw new InvalidDataException($"Family {Family} lists no parameters.")).Select(p => p.ToDomain()));
    }

    private sealed class DomainDocument
    {
        public string Name { get; set; } = "";
        public string Kind { get; set; } = "";
        public string[]? Values { get; set; }
        public double Min { get; set; }
        public double Max { get; set; }
        public int? SignificantDigits { get; set; }

        public static DomainDocument From(ParameterDomain domain) => domain switch
        {
            ChoiceDomain c => new() { Name = c.Name, Kind = "Choice", Values = c.Values.ToArray() },
            IntRangeDomain r => new() { Name = r.Name, Kind = "IntRange", Min = r.Min, Max = r.Max },
            FloatRangeDomain f => new() { Name = f.Name, Kind = f.LogScale ? "LogUniform" : "Uniform", Min = f.Min, Max = f.Max, SignificantDigits = f.SignificantDigits },
            _ => throw new NotSupportedException($"Parameter '{domain.Name}' has domain type {domain.GetType().Name}, which a plan file cannot hold."),
        };

        public ParameterDomain ToDomain() => Kind switch
        {
            "Choice" => new ChoiceDomain(Name, Values ?? throw new InvalidDataException($"Choice parameter '{Name}' lists no values.")),
            "IntRange" => new IntRangeDomain(Name, checked((int)Min), checked((int)Max)),
            "Uniform" or "LogUniform" => new FloatRangeDomain(Name, Min, Max, Kind == "LogUniform") { SignificantDigits = SignificantDigits ?? 4 },
            _ => throw new InvalidDataException($"Parameter '{Name}' has domain kind '{Kind}'; expected Choice, IntRange, Uniform or LogUniform."),
        };
    }
}
