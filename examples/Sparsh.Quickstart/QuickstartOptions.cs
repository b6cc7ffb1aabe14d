using Sparsh.Trainers.Pretraining;

namespace Sparsh.Quickstart;

/// <summary>How big a Quickstart run is. <see cref="Default"/> takes minutes on 2 cores; <see cref="Smoke"/> about one.</summary>
public sealed record QuickstartOptions
{
    /// <summary>Folder for data, checkpoints, the model zip and the report.</summary>
    public string OutputDirectory { get; init; } = "quickstart-output";

    /// <summary>Seed of everything (simulation, splits, initialisation, batch order).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Recordings per task (play and force probing), spread over three simulated skins.</summary>
    public int RecordingsPerTask { get; init; } = 10;

    /// <summary>Seconds of each play recording (unlabelled, for pretraining).</summary>
    public double PlaySeconds { get; init; } = 20;

    /// <summary>Seconds of each force-probing recording (labelled).</summary>
    public double ForceSeconds { get; init; } = 15;

    /// <summary>Pretraining recipe; the CPU preset by default, <see cref="SparshPretrainingOptions.Full"/> for a GPU.</summary>
    public Func<SparshPretrainingOptions> Pretraining { get; init; } = SparshPretrainingOptions.Cpu;

    /// <summary>Pretraining epochs over the play windows.</summary>
    public int PretrainingEpochs { get; init; } = 6;

    /// <summary>Epochs of each force decoder.</summary>
    public int DecoderEpochs { get; init; } = 8;

    /// <summary>Labelled-data budgets compared (fractions of the training recordings).</summary>
    public IReadOnlyList<double> Budgets { get; init; } = [0.033, 1.0];

    /// <summary>Windows scored by the reloaded zip to show the line-of-business app.</summary>
    public int AppWindows { get; init; } = 5;

    /// <summary>The default run: about ten minutes of pretraining and decoders on 2 CPU cores.</summary>
    public static QuickstartOptions Default { get; } = new();

    /// <summary>A tiny end-to-end run for CI (about a minute): every step, every plot, small numbers.</summary>
    public static QuickstartOptions Smoke { get; } = new()
    {
        RecordingsPerTask = 4, PlaySeconds = 4, ForceSeconds = 4, PretrainingEpochs = 1, DecoderEpochs = 2, AppWindows = 3,
    };
}
