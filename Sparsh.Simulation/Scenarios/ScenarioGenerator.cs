using Sparsh.Simulation.Nuisances;
using Sparsh.Simulation.Skins;
using Sparsh.Transforms.Hand;
using Sparsh.Transforms.Recordings;

namespace Sparsh.Simulation.Scenarios;

/// <summary>
/// Generates simulated recordings of one task on the skin-covered hand: magnetic frames at the sensor rate,
/// joint readings at the controller's rate and, for labelled tasks, a label stream. Deterministic by seed.
/// </summary>
public abstract class ScenarioGenerator
{
    private protected ScenarioGenerator(ScenarioOptions? options, HandModel? hand)
    {
        Options = options ?? new ScenarioOptions();
        Hand = hand ?? HandModel.AllegroXela;
        Options.Validate(nameof(options));
    }

    /// <summary>Duration, timing and physics.</summary>
    public ScenarioOptions Options { get; }

    /// <summary>The hand (368 taxels, 16 joints).</summary>
    public HandModel Hand { get; }

    /// <summary>Task name written to recordings ("play", "force_probing", "joystick", "object_pose").</summary>
    public abstract string Task { get; }

    /// <summary>Simulates one recording of <paramref name="skin"/>; the same skin and seed give the same recording.</summary>
    /// <param name="skin">The skin (e.g. from <see cref="SkinProfile.GenerateSet"/>).</param>
    /// <param name="seed">Seed of everything that happens in the recording.</param>
    /// <param name="id">Recording id; default "&lt;task&gt;-&lt;skin&gt;-&lt;seed&gt;".</param>
    /// <param name="cancellationToken">Stops a long simulation.</param>
    public XelaRecording Generate(SkinProfile skin, int seed, string? id = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(skin);
        var script = CreateScript(SeedMixer.Derive(seed, 20), Options.DurationSeconds);
        return new ScenarioEngine(Hand, skin, script, Options, seed).Record(id ?? $"{Task}-{skin.Id}-{seed}", cancellationToken);
    }

    /// <summary>The frames a host would receive, without end (the script keeps inventing actions where it can).</summary>
    internal IEnumerable<SimulatedFrame> Stream(SkinProfile skin, int seed)
    {
        ArgumentNullException.ThrowIfNull(skin);
        var script = CreateScript(SeedMixer.Derive(seed, 20), double.PositiveInfinity);
        return new ScenarioEngine(Hand, skin, script, Options, seed).Frames();
    }

    /// <summary>The scene of one recording lasting <paramref name="durationSeconds"/> (infinite for a live stream).</summary>
    private protected abstract SceneScript CreateScript(int seed, double durationSeconds);
}
