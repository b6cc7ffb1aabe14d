using Sparsh.Simulation.Datasets;
using Sparsh.Transforms.Recordings;

namespace Sparsh;

/// <summary>
/// The simulator's part of <c>mlContext.Sparsh()</c>, in the simulator's own assembly: deployment-side apps that reference
/// Sparsh.Transforms alone never load it.
/// </summary>
public static class SparshSimulationCatalog
{
    /// <summary>
    /// Simulates labelled and unlabelled datasets (play, force probing, joystick, object pose) on several simulated skins
    /// and writes them to <paramref name="root"/> as recordings plus <c>manifest.json</c> (recording, skin, task, split).
    /// </summary>
    /// <param name="catalog">The catalog (<c>mlContext.Sparsh()</c>).</param>
    /// <param name="root">The dataset folder to write.</param>
    /// <param name="options">Tasks, recordings, durations and skins (null: defaults).</param>
    /// <param name="progress">Receives one report per recording written.</param>
    /// <param name="cancellationToken">Stops between recordings.</param>
    public static DatasetManifest Simulate(this SparshCatalog catalog, string root, SimulatedDatasetOptions? options = null,
        IProgress<DatasetProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new SimulatedDatasetWriter(options).Write(root, progress, cancellationToken);
    }
}
