using Microsoft.ML;
using Sparsh.Trainers.Encoder;
using Sparsh.Trainers.Masking;
using Sparsh.Trainers.Objectives;
using Sparsh.Trainers.Torch;
using Sparsh.Transforms.Hand;

namespace Sparsh.Trainers.Pretraining;

/// <summary>
/// Options of <see cref="SparshPretrainingEstimator"/>. Defaults are the reference recipe's hyper-parameters with the
/// <see cref="SparshSkinEncoderSize.Micro"/> encoder; <see cref="Full"/> is the full recipe for a GPU and
/// <see cref="Cpu"/> a small run that finishes in minutes on 2 CPU cores.
/// </summary>
public sealed class SparshPretrainingOptions
{
    /// <summary>Objective: self-distillation (Sparsh-skin), masked autoencoder, BYOL or none (random init).</summary>
    public SparshPretrainingObjective Objective { get; set; } = SparshPretrainingObjective.SelfDistillation;

    /// <summary>Encoder architecture.</summary>
    public SparshSkinEncoderConfig Encoder { get; set; } = SparshSkinEncoderConfig.ForSize(SparshSkinEncoderSize.Micro);

    /// <summary>Input and output columns.</summary>
    public SparshSkinEncoderColumns Columns { get; set; } = new();

    /// <summary>Hand whose rest geometry shapes the mask blocks (must match the encoder's taxels).</summary>
    public HandModel Hand { get; set; } = HandModel.AllegroXela;

    /// <summary>Passes over the training windows.</summary>
    public int Epochs { get; set; } = 500;

    /// <summary>Windows per step (the last incomplete batch of an epoch is dropped).</summary>
    public int BatchSize { get; set; } = 64;

    /// <summary>Peak AdamW learning rate.</summary>
    public double LearningRate { get; set; } = 1e-4;

    /// <summary>Learning rate at the end of the cosine.</summary>
    public double MinLearningRate { get; set; } = 1e-6;

    /// <summary>Epochs of linear learning-rate warm-up.</summary>
    public double WarmupEpochs { get; set; } = 30;

    /// <summary>Weight decay at the start (cosine schedule).</summary>
    public double WeightDecayStart { get; set; } = 0.04;

    /// <summary>Weight decay at the end.</summary>
    public double WeightDecayEnd { get; set; } = 0.4;

    /// <summary>Gradient clipping by global norm (0 = off).</summary>
    public double GradientClipNorm { get; set; } = 3.0;

    /// <summary>Teacher temperature at the start of its warm-up.</summary>
    public double TeacherTemperatureStart { get; set; } = 0.04;

    /// <summary>Teacher temperature after its warm-up.</summary>
    public double TeacherTemperatureEnd { get; set; } = 0.07;

    /// <summary>Epochs of teacher temperature warm-up.</summary>
    public double TeacherTemperatureWarmupEpochs { get; set; } = 10;

    /// <summary>EMA momentum of the teacher at the start (cosine to <see cref="TeacherMomentumEnd"/>).</summary>
    public double TeacherMomentumStart { get; set; } = 0.994;

    /// <summary>EMA momentum of the teacher at the end.</summary>
    public double TeacherMomentumEnd { get; set; } = 1.0;

    /// <summary>Heads, temperatures, centering and loss weights of self-distillation.</summary>
    public SelfDistillationSettings SelfDistillation { get; set; } = new();

    /// <summary>Projector and predictor widths of the BYOL objective (which shares the masking and EMA schedule above).</summary>
    public ByolSettings Byol { get; set; } = new();

    /// <summary>Views and block sizes of the masking.</summary>
    public BlockMaskingOptions Masking { get; set; } = new();

    /// <summary>Fraction of taxels hidden from the encoder by the masked-autoencoder baseline.</summary>
    public double MaeMaskRatio { get; set; } = 0.75;

    /// <summary>Seed of initialisation, shuffling, masks and drop-path: the same seed gives the same weights.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>"cpu", "cuda", "cuda:N" or "auto".</summary>
    public string Device { get; set; } = "cpu";

    /// <summary>libtorch CPU threads (0 = libtorch's default).</summary>
    public int CpuThreads { get; set; }

    /// <summary>
    /// Precision of the training step's matrix products (float32 by default). <see cref="MatmulPrecision.BFloat16"/>
    /// keeps float32 weights, optimiser state, normalisations and losses; validation losses use it too, probes and the
    /// fitted encoder run in float32. See docs/pretraining.md for its speed and accuracy on CPU.
    /// </summary>
    public MatmulPrecision MatmulPrecision { get; set; } = MatmulPrecision.Float32;

    /// <summary>Held-out windows for a validation loss (same columns), or null.</summary>
    public IDataView? ValidationData { get; set; }

    /// <summary>Validation every this many steps (0 = at the end of each epoch).</summary>
    public int ValidateEverySteps { get; set; }

    /// <summary>Online probes (e.g. force and pose on a few labelled recordings) scored on the teacher as it trains.</summary>
    public IList<EncoderProbeOptions> Probes { get; set; } = [];

    /// <summary>Probe every this many steps (and at the first and last step).</summary>
    public int ProbeEverySteps { get; set; } = 50;

    /// <summary>Progress log and report every this many steps.</summary>
    public int LogEverySteps { get; set; } = 10;

    /// <summary>Checkpoint file (see docs/pretraining.md for the format), or null for none.</summary>
    public string? CheckpointPath { get; set; }

    /// <summary>Write the checkpoint every this many steps (0 = only at the end and on cancellation).</summary>
    public int CheckpointEverySteps { get; set; }

    /// <summary>Continue from <see cref="CheckpointPath"/> when that file exists.</summary>
    public bool Resume { get; set; }

    /// <summary>Receives a report every <see cref="LogEverySteps"/> steps (also written to MLContext.Log).</summary>
    public IProgress<SparshPretrainingProgress>? Progress { get; set; }

    /// <summary>Profiling: when set, each training step's sections (masks, encoders, heads, losses, backward, optimizer, EMA) are timed into it.</summary>
    public PretrainingStepTimer? StepTimer { get; set; }

    /// <summary>Stops training: a checkpoint is written (when a path is set) and <see cref="OperationCanceledException"/> thrown.</summary>
    public CancellationToken CancellationToken { get; set; }

    /// <summary>The full recipe (tiny encoder, 500 epochs, batch 64, 65536 prototypes): for a GPU.</summary>
    public static SparshPretrainingOptions Full() => new()
    {
        Encoder = SparshSkinEncoderConfig.ForSize(SparshSkinEncoderSize.Tiny),
        Epochs = 500,
        BatchSize = 64,
        Device = "auto",
    };

    /// <summary>
    /// A small run for 2 CPU cores (minutes on a few hundred windows): micro encoder, 4 local views, a 64-prototype
    /// head of width 256 with Sinkhorn-Knopp targets (which separate windows sooner than centering in short runs),
    /// a sharper teacher (temperature 0.02 -> 0.04), batch 16, 10 epochs with short warm-ups and a faster teacher.
    /// </summary>
    public static SparshPretrainingOptions Cpu() => new()
    {
        Encoder = SparshSkinEncoderConfig.ForSize(SparshSkinEncoderSize.Micro),
        Epochs = 10,
        BatchSize = 16,
        LearningRate = 5e-3,
        WarmupEpochs = 1,
        // Sharper teacher than the recipe's 0.04 -> 0.07: a small encoder's logits differ little between tactile windows
        // (cosine spread ~0.015), so at 0.04-0.07 its targets were uniform and DINO/iBOT never learned (docs/results.md).
        TeacherTemperatureStart = 0.02,
        TeacherTemperatureEnd = 0.04,
        TeacherTemperatureWarmupEpochs = 1,
        TeacherMomentumStart = 0.9,
        Masking = new BlockMaskingOptions { LocalViews = 4 },
        SelfDistillation = new SelfDistillationSettings
        {
            Prototypes = 64,
            HeadHiddenDim = 256,
            HeadBottleneckDim = 64,
            Centering = TeacherCenteringMethod.SinkhornKnopp,
        },
        Byol = new ByolSettings { ProjectorHiddenDim = 256, ProjectionDim = 64, PredictorHiddenDim = 256 },
        CpuThreads = 2,
    };

    /// <summary>
    /// The <see cref="Cpu"/> run with the masked-autoencoder objective (75 % of the taxels hidden, their flux reconstructed):
    /// in the recipe search at CPU scale (one simulated skin) it gave the encoder whose features read force best, ahead of a
    /// random initialisation and of every self-distillation variant tried; on a second skin it did not beat a random
    /// initialisation (docs/results.md#sample-efficiency-study).
    /// </summary>
    public static SparshPretrainingOptions CpuMaskedAutoencoder()
    {
        var options = Cpu();
        options.Objective = SparshPretrainingObjective.MaskedAutoencoder;
        return options;
    }

    /// <summary>Alias of <see cref="Cpu"/>.</summary>
    public static SparshPretrainingOptions Small() => Cpu();

    /// <summary>
    /// A copy with its own probe list and probes, so changing this object later changes no running or fitted estimator.
    /// Shared on purpose: the records (encoder config, columns, masking, self-distillation, BYOL), which are immutable, the hand
    /// model (immutable), <see cref="ValidationData"/> (a data view is only read), <see cref="Progress"/> and
    /// <see cref="CancellationToken"/>.
    /// </summary>
    public SparshPretrainingOptions Clone()
    {
        var copy = (SparshPretrainingOptions)MemberwiseClone();
        copy.Probes = Probes?.Select(p => p.Clone()).ToList()!; // null stays null for Validate to report
        return copy;
    }

    /// <summary>Throws naming the first invalid option.</summary>
    public void Validate()
    {
        Encoder.Validate();
        Masking.Validate();
        // The DINO and BYOL losses compare the teacher's (target's) view of each global view with the student's (online
        // network's) other views: with one view in all there is no pair, and the loss would be 0 / 0.
        if ((Objective is SparshPretrainingObjective.SelfDistillation or SparshPretrainingObjective.Byol) && Masking.GlobalViews + Masking.LocalViews < 2)
            throw new ArgumentException(
                $"{Objective} needs at least two views to compare, got Masking.GlobalViews = {Masking.GlobalViews} and Masking.LocalViews = {Masking.LocalViews}; " +
                "add a global or a local view (the paper uses 2 global and 8 local views).", nameof(Masking));
        if (Objective == SparshPretrainingObjective.Byol)
        {
            if (Byol is null) throw new ArgumentNullException(nameof(Byol), "Byol settings must be set for the Byol objective, got null.");
            Byol.Validate();
        }
        if (Objective == SparshPretrainingObjective.MaskedAutoencoder) MaskedAutoencoderModel.KeptTaxels(MaeMaskRatio, Encoder.TaxelCount);
        if (!Enum.IsDefined(MatmulPrecision))
            throw new ArgumentOutOfRangeException(nameof(MatmulPrecision), $"MatmulPrecision must be Float32 or BFloat16, got {(int)MatmulPrecision}.");
        if (Epochs <= 0) throw new ArgumentOutOfRangeException(nameof(Epochs), $"Epochs must be positive, got {Epochs}.");
        if (BatchSize <= 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), $"BatchSize must be at least 2 (KoLeo and centering need a batch), got {BatchSize}.");
        if (!(LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate), $"LearningRate must be positive, got {LearningRate}.");
        if (Hand.TaxelCount != Encoder.TaxelCount)
            throw new ArgumentException($"Hand has {Hand.TaxelCount} taxels but the encoder config {Encoder.TaxelCount}.", nameof(Hand));
        if (ProbeEverySteps <= 0) throw new ArgumentOutOfRangeException(nameof(ProbeEverySteps), $"ProbeEverySteps must be positive, got {ProbeEverySteps}.");
        if (Probes is null) throw new ArgumentNullException(nameof(Probes), "Probes must be a list (empty for none), got null.");
        foreach (var probe in Probes) probe.Validate();
        if (Probes.GroupBy(p => p.Name).FirstOrDefault(g => g.Count() > 1) is { } repeated)
            throw new ArgumentException($"Two probes are named '{repeated.Key}'; probe names must differ (they key the progress reports).", nameof(Probes));
        if (LogEverySteps <= 0) throw new ArgumentOutOfRangeException(nameof(LogEverySteps), $"LogEverySteps must be positive, got {LogEverySteps}.");
        if (CheckpointEverySteps < 0) throw new ArgumentOutOfRangeException(nameof(CheckpointEverySteps), $"CheckpointEverySteps must not be negative, got {CheckpointEverySteps}.");
    }
}
