using Sparsh.MLNet.Studies;
using Sparsh.Trainers.LinearProbe;
using Sparsh.Trainers.Pretraining;

namespace Sparsh.Quickstart;

/// <summary>How big a Quickstart run is. <see cref="Default"/> takes minutes on 2 cores; <see cref="Smoke"/> about one.</summary>
public sealed record QuickstartOptions
{
    /// <summary>Folder for data, checkpoints, the model zip and the report.</summary>
    public string OutputDirectory { get; init; } = "quickstart-output";

    /// <summary>Seed of the simulation and of pretraining (the study's decoders use <see cref="StudySeeds"/>).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Seed of pretraining when it should differ from <see cref="Seed"/> (null = <see cref="Seed"/>): one recipe over several pretraining seeds on the same data.</summary>
    public int? PretrainingSeed { get; init; }

    /// <summary>Recordings per task (play and force probing) on one simulated skin; a quarter of the force recordings are the test set.</summary>
    public int RecordingsPerTask { get; init; } = 16;

    /// <summary>Seconds of each play recording (unlabelled, for pretraining).</summary>
    public double PlaySeconds { get; init; } = 20;

    /// <summary>Seconds of each force-probing recording (labelled).</summary>
    public double ForceSeconds { get; init; } = 10;

    /// <summary>
    /// Pretraining recipe: by default the CPU preset with the masked-autoencoder objective, whose encoder read force best in the
    /// recipe search at CPU scale (not replicated on a second skin; docs/results.md); <see cref="SparshPretrainingOptions.Full"/> for a GPU.
    /// </summary>
    public Func<SparshPretrainingOptions> Pretraining { get; init; } = SparshPretrainingOptions.CpuMaskedAutoencoder;

    /// <summary>Pretraining epochs over the play windows.</summary>
    public int PretrainingEpochs { get; init; } = 3;

    /// <summary>Pretraining objective instead of the recipe's (SelfDistillation is Sparsh-skin's own; None gives a random encoder, the control), or null.</summary>
    public SparshPretrainingObjective? Objective { get; init; }

    /// <summary>An encoder checkpoint to use instead of pretraining (e.g. an earlier run's), or null to pretrain.</summary>
    public string? EncoderCheckpoint { get; init; }

    /// <summary>Modes the study compares: by default the probe and the three decoder modes.</summary>
    public IReadOnlyList<SampleEfficiencyMode> Modes { get; init; } =
        [SampleEfficiencyMode.LinearProbe, SampleEfficiencyMode.Frozen, SampleEfficiencyMode.FineTune, SampleEfficiencyMode.EndToEnd];

    /// <summary>
    /// The modes a force study can run: every mode but HiSS, a sequence baseline for the temporal tasks. The signal probe (a
    /// ridge on the per-taxel signal, no encoder) is not run by default: it measured no better than the label mean (docs/results.md).
    /// </summary>
    public static IReadOnlyList<SampleEfficiencyMode> ForceModes { get; } =
        [SampleEfficiencyMode.LinearProbe, SampleEfficiencyMode.SignalProbe, SampleEfficiencyMode.Frozen, SampleEfficiencyMode.FineTune, SampleEfficiencyMode.EndToEnd];

    /// <summary>Seconds of each object-pose recording (read only by the online pose probe).</summary>
    public double PoseProbeSeconds { get; init; } = 6;

    /// <summary>Labelled force (and object-pose) recordings each online probe reads during pretraining (fitted on some, scored on the others).</summary>
    public int ProbeRecordings { get; init; } = 6;

    /// <summary>Pretraining steps between two online probes.</summary>
    public int ProbeEverySteps { get; init; } = 50;

    /// <summary>Labelled recordings per budget of the sample-efficiency study.</summary>
    public IReadOnlyList<int> BudgetRecordings { get; init; } = [1, 4];

    /// <summary>Seeds of the study (budget draws and decoder initialisation): results are mean ± std over them.</summary>
    public IReadOnlyList<int> StudySeeds { get; init; } = [1, 2, 3];

    /// <summary>Labelled recordings set aside to early-stop the decoders and choose the shipped model.</summary>
    public int ValidationRecordings { get; init; } = 2;

    /// <summary>Optimiser steps of every force decoder, whatever its mode and budget.</summary>
    public int DecoderSteps { get; init; } = 200;

    /// <summary>Learning rates every decoder mode is tuned over on the validation recordings.</summary>
    public IReadOnlyList<double> LearningRates { get; init; } = [3e-3];

    /// <summary>FineTune's encoder learning rate as a multiple of the decoder's (1: the encoder trains as fast as the decoder).</summary>
    public double FineTuneEncoderLearningRateRatio { get; init; } = 1.0;

    /// <summary>Hidden width of every force decoder's MLP (null = a quarter of the encoder width).</summary>
    public int? DecoderHiddenWidth { get; init; }

    /// <summary>What the study's linear probe reads from the frozen encoder.</summary>
    public LinearProbeFeatures ProbeFeatures { get; init; } = LinearProbeFeatures.RegisterAndMeanTaxelToken;

    /// <summary>Windows scored by the reloaded zip to show the line-of-business app.</summary>
    public int AppWindows { get; init; } = 5;

    /// <summary>The default run: the study at a small scale, under ten minutes on 2 CPU cores.</summary>
    public static QuickstartOptions Default { get; } = new();

    /// <summary>A tiny end-to-end run for CI (about a minute): every step, every plot, small numbers.</summary>
    public static QuickstartOptions Smoke { get; } = new()
    {
        RecordingsPerTask = 6, PlaySeconds = 4, ForceSeconds = 4, PretrainingEpochs = 1, BudgetRecordings = [1, 2], StudySeeds = [1, 2],
        ValidationRecordings = 1, DecoderSteps = 4, AppWindows = 3, ProbeRecordings = 3, ProbeEverySteps = 2, PoseProbeSeconds = 3,
    };
}
