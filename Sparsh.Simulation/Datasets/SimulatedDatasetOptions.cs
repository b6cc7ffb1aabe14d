using Sparsh.Simulation.Scenarios;
using Sparsh.Simulation.Skins;

namespace Sparsh.Simulation.Datasets;

/// <summary>What <see cref="SimulatedDatasetWriter"/> generates.</summary>
public sealed record SimulatedDatasetOptions
{
    /// <summary>Most recordings per task: the plan of every recording is built up front.</summary>
    public const int MaxRecordingsPerTask = 1_000_000;

    /// <summary>Most skins: every skin is generated up front.</summary>
    public const int MaxSkinCount = 10_000;

    /// <summary>Recordings per task.</summary>
    public int RecordingsPerTask { get; init; } = 4;

    /// <summary>Tasks to generate (see <see cref="SimulatedDatasetWriter.Tasks"/>).</summary>
    public IReadOnlyList<string> Tasks { get; init; } = SimulatedDatasetWriter.Tasks;

    /// <summary>Number of skins (<see cref="SkinProfile.GenerateSet"/>); recordings of a task go round the skins.</summary>
    public int SkinCount { get; init; } = 3;

    /// <summary>Seed of the skins, the recordings and the split.</summary>
    public int Seed { get; init; }

    /// <summary>Duration, timing and physics of every recording.</summary>
    public ScenarioOptions Scenario { get; init; } = new();

    /// <summary>
    /// Duration per task, seconds, overriding <see cref="ScenarioOptions.DurationSeconds"/> of <see cref="Scenario"/>
    /// (e.g. minutes of play next to shorter labelled tasks). Hours of play are best written as many recordings:
    /// each one is held in memory while it is simulated.
    /// </summary>
    public IReadOnlyDictionary<string, double>? TaskDurationSeconds { get; init; }

    /// <summary>How skins differ; the defaults when null.</summary>
    public SkinProfileOptions? Skins { get; init; }

    /// <summary>Fraction of each task's recordings for validation.</summary>
    public double ValidationFraction { get; init; } = 0.15;

    /// <summary>Fraction of each task's recordings for test; ignored when <see cref="HoldOutSkinId"/> is set.</summary>
    public double TestFraction { get; init; } = 0.15;

    /// <summary>A skin (e.g. "sim-skin-02") whose recordings are all and only the test split, to test generalisation to a new skin.</summary>
    public string? HoldOutSkinId { get; init; }
}
