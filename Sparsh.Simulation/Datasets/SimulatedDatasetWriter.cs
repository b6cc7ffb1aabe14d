using Sparsh.Simulation.Nuisances;
using Sparsh.Simulation.Scenarios;
using Sparsh.Simulation.Skins;
using Sparsh.Transforms.Hand;
using Sparsh.Transforms.Recordings;

namespace Sparsh.Simulation.Datasets;

/// <summary>
/// Writes a simulated data set: N recordings per task across several skins, each saved with
/// <see cref="XelaRecording.Save"/> into <c>&lt;root&gt;/&lt;recording id&gt;/</c>, and a <see cref="DatasetManifest"/>
/// listing them with their skin, task, duration and split. Deterministic by <see cref="SimulatedDatasetOptions.Seed"/>.
/// </summary>
public sealed class SimulatedDatasetWriter
{
    /// <summary>The tasks this writer knows.</summary>
    public static IReadOnlyList<string> Tasks { get; } =
        [PlayScenario.TaskName, ForceProbingScenario.TaskName, JoystickScenario.TaskName, ObjectPoseScenario.TaskName];

    /// <summary>Creates a writer.</summary>
    public SimulatedDatasetWriter(SimulatedDatasetOptions? options = null, HandModel? hand = null)
    {
        Options = options ?? new SimulatedDatasetOptions();
        Hand = hand ?? HandModel.AllegroXela;
        if (Options.RecordingsPerTask is < 0 or > SimulatedDatasetOptions.MaxRecordingsPerTask)
            throw new ArgumentOutOfRangeException(nameof(options), Options.RecordingsPerTask,
                $"RecordingsPerTask must be in [0, {SimulatedDatasetOptions.MaxRecordingsPerTask}].");
        if (Options.SkinCount is < 1 or > SimulatedDatasetOptions.MaxSkinCount)
            throw new ArgumentOutOfRangeException(nameof(options), Options.SkinCount, $"SkinCount must be in [1, {SimulatedDatasetOptions.MaxSkinCount}].");
        if (Options.ValidationFraction is < 0 or > 1 || Options.TestFraction is < 0 or > 1 || Options.ValidationFraction + Options.TestFraction > 1)
            throw new ArgumentOutOfRangeException(nameof(options), "Validation and test fractions must be in [0, 1] and sum to at most 1.");
        foreach (string task in Options.Tasks)
            _ = CreateGenerator(task, ScenarioFor(task), Hand);
        foreach (var (task, seconds) in Options.TaskDurationSeconds ?? new Dictionary<string, double>())
            if (!Options.Tasks.Contains(task))
                throw new ArgumentException($"A duration is set for task '{task}', which is not among the tasks to generate.", nameof(options));
        Skins = SkinProfile.GenerateSet(Options.SkinCount, SeedMixer.Derive(Options.Seed, 1), Hand.TaxelCount, Options.Skins);
        if (Options.HoldOutSkinId is { } holdOut && Skins.All(s => s.Id != holdOut))
            throw new ArgumentException($"Hold-out skin '{holdOut}' is not among {string.Join(", ", Skins.Select(s => s.Id))}.", nameof(options));
    }

    /// <summary>What is generated.</summary>
    public SimulatedDatasetOptions Options { get; }

    /// <summary>The hand.</summary>
    public HandModel Hand { get; }

    /// <summary>The skins recordings are simulated on.</summary>
    public IReadOnlyList<SkinProfile> Skins { get; }

    /// <summary>The generator of a task name.</summary>
    /// <exception cref="ArgumentException">Unknown task.</exception>
    public static ScenarioGenerator CreateGenerator(string task, ScenarioOptions? options = null, HandModel? hand = null) => task switch
    {
        PlayScenario.TaskName => new PlayScenario(options, hand),
        ForceProbingScenario.TaskName => new ForceProbingScenario(options, hand),
        JoystickScenario.TaskName => new JoystickScenario(options, hand),
        ObjectPoseScenario.TaskName => new ObjectPoseScenario(options, hand),
        RestScenario.TaskName => new RestScenario(options, hand),
        _ => throw new ArgumentException($"Unknown task '{task}'; known tasks are {string.Join(", ", Tasks)} and {RestScenario.TaskName}.", nameof(task)),
    };

    /// <summary>The manifest <see cref="Write"/> produces, without simulating anything.</summary>
    public DatasetManifest Plan()
    {
        var entries = new List<DatasetEntry>();
        int index = 0;
        foreach (string task in Options.Tasks)
        {
            var splits = AssignSplits(task, Options.RecordingsPerTask);
            for (int k = 0; k < Options.RecordingsPerTask; k++, index++)
            {
                var skin = Skins[k % Skins.Count];
                entries.Add(new DatasetEntry($"{task}-{k:000}-{skin.Id}", skin.Id, task, ScenarioFor(task).DurationSeconds, splits[k], SeedMixer.Derive(Options.Seed, 100 + index)));
            }
        }
        return new DatasetManifest(DatasetManifest.FormatName, DatasetManifest.Version, Options.Seed, entries);
    }

    /// <summary>Simulates and saves every recording into <paramref name="root"/>, then writes the manifest.</summary>
    /// <param name="root">Data set folder (created if needed).</param>
    /// <param name="progress">Told after each recording.</param>
    /// <param name="cancellationToken">Stops between and inside recordings; recordings already saved stay.</param>
    public DatasetManifest Write(string root, IProgress<DatasetProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        var manifest = Plan();
        var generators = Options.Tasks.Distinct().ToDictionary(t => t, t => CreateGenerator(t, ScenarioFor(t), Hand));
        var skins = Skins.ToDictionary(s => s.Id);
        Directory.CreateDirectory(root);
        int done = 0;
        foreach (var entry in manifest.Recordings)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var recording = generators[entry.Task].Generate(skins[entry.SkinId], entry.Seed, entry.RecordingId, cancellationToken);
            recording.Save(DatasetManifest.RecordingDirectory(root, entry));
            progress?.Report(new DatasetProgress(++done, manifest.Recordings.Count, entry.RecordingId));
        }
        // Last, so a folder with a manifest holds every recording it lists.
        manifest.Save(root);
        return manifest;
    }

    /// <summary>Scenario options of one task: <see cref="SimulatedDatasetOptions.Scenario"/> with the task's duration.</summary>
    public ScenarioOptions ScenarioFor(string task) =>
        Options.TaskDurationSeconds?.TryGetValue(task, out double seconds) == true
            ? Options.Scenario with { DurationSeconds = seconds }
            : Options.Scenario;

    // Per task: the hold-out skin's recordings are the test split; the rest are shuffled by seed and cut by the fractions.
    private DatasetSplit[] AssignSplits(string task, int count)
    {
        var splits = new DatasetSplit[count];
        var pool = new List<int>();
        for (int k = 0; k < count; k++)
        {
            if (Options.HoldOutSkinId is { } holdOut && Skins[k % Skins.Count].Id == holdOut)
                splits[k] = DatasetSplit.Test;
            else
                pool.Add(k);
        }
        var order = pool.ToArray();
        new Random(SeedMixer.Derive(Options.Seed, StableHash(task))).Shuffle(order);
        int test = Options.HoldOutSkinId is null ? (int)Math.Round(Options.TestFraction * order.Length) : 0;
        int validation = (int)Math.Round(Options.ValidationFraction * order.Length);
        for (int i = 0; i < order.Length; i++)
            splits[order[i]] = i < test ? DatasetSplit.Test : i < test + validation ? DatasetSplit.Validation : DatasetSplit.Train;
        return splits;
    }

    // string.GetHashCode is randomised per process; splits must not be.
    private static int StableHash(string text)
    {
        unchecked
        {
            int hash = (int)2166136261;
            foreach (char c in text)
                hash = (hash ^ c) * 16777619;
            return hash & 0x7FFFFFFF;
        }
    }
}
