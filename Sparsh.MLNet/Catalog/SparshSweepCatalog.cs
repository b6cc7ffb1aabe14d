using Microsoft.ML;
using Sparsh.MLNet.Sweeps;

namespace Sparsh;

/// <summary>
/// The sweeps of <c>mlContext.Sparsh()</c> (Sparsh.MLNet): an AutoML-style sweep in this process, or one planned trial per
/// process and a report merged from their journal (docs/sweeps.md).
/// </summary>
public static class SparshSweepCatalog
{
    /// <summary>AutoML-style sweep over decoder families and hyperparameters with group-aware cross-validation and a held-out test set.</summary>
    /// <param name="catalog">The catalog (<c>mlContext.Sparsh()</c>).</param>
    /// <param name="data">Windows with labels.</param>
    /// <param name="options">Families, search, budget and output (null: defaults).</param>
    public static SweepResult Sweep(this SparshCatalog catalog, IDataView data, SweepOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return DecoderSweep.Run(catalog.Context, data, options ?? new SweepOptions());
    }

    /// <summary>Runs trial <paramref name="index"/> of a planned sweep in this process and journals it in <paramref name="journalFolder"/> (one file per trial); see <see cref="DecoderSweep.RunPlannedTrial"/>.</summary>
    /// <param name="catalog">The catalog (<c>mlContext.Sparsh()</c>).</param>
    /// <param name="data">Windows with labels, the same for every trial.</param>
    /// <param name="plan">The sweep's plan.</param>
    /// <param name="index">The trial to run.</param>
    /// <param name="journalFolder">Where trials record their results.</param>
    /// <param name="cancellationToken">Stops the trial.</param>
    public static SweepTrialResult SweepTrial(this SparshCatalog catalog, IDataView data, SweepPlan plan, int index, string journalFolder,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return DecoderSweep.RunPlannedTrial(catalog.Context, data, plan, index, journalFolder, cancellationToken);
    }

    /// <summary>Merges a planned sweep's journal into its leaderboard, report and best model without running trials; see <see cref="DecoderSweep.Report"/>.</summary>
    /// <param name="catalog">The catalog (<c>mlContext.Sparsh()</c>).</param>
    /// <param name="data">Windows with labels, the same the trials ran on.</param>
    /// <param name="plan">The sweep's plan.</param>
    /// <param name="journalFolder">Where trials recorded their results.</param>
    public static SweepResult SweepReport(this SparshCatalog catalog, IDataView data, SweepPlan plan, string journalFolder)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return DecoderSweep.Report(catalog.Context, data, plan, journalFolder);
    }
}
