using System.ComponentModel;
using Sparsh.Examples.Cli;
using Sparsh.MLNet.Studies;
using Sparsh.Trainers.Encoder;
using Sparsh.Trainers.LinearProbe;
using Sparsh.Trainers.Objectives;
using Sparsh.Trainers.Pretraining;
using Sparsh.Trainers.Torch;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Sparsh.Quickstart;

/// <summary>
/// The Quickstart's command line. Options left out keep the preset's value (<see cref="QuickstartOptions.Default"/>, or
/// <see cref="QuickstartOptions.Smoke"/> with --smoke, with the GPU recipe's sizes under --gpu), so any option given still wins.
/// </summary>
public sealed class QuickstartSettings : CommandSettings
{
    [CommandOption("--smoke")]
    [Description("Tiny sizes, about a minute (what the test suite runs).")]
    public bool Smoke { get; set; }

    [CommandOption("--gpu")]
    [Description("The full pretraining recipe, 500 pretraining epochs and 2000 decoder steps.")]
    public bool Gpu { get; set; }

    [CommandOption("--out <DIR>")]
    [Description("Folder for data, checkpoints, the model zip and the report. Default: quickstart-output.")]
    public string? OutputDirectory { get; set; }

    [CommandOption("--seed <N>")]
    [Description("Seed of the simulation and of pretraining. Default: 1.")]
    public int? Seed { get; set; }

    [CommandOption("--pretraining-seed <N>")]
    [Description("Seed of pretraining alone (the simulated data stays that of --seed), to repeat one recipe over pretraining seeds. Default: --seed.")]
    public int? PretrainingSeed { get; set; }

    [CommandOption("--recordings <N>")]
    [Description("Recordings per task on the simulated skin. Default: 16 (smoke 6).")]
    public int? Recordings { get; set; }

    [CommandOption("--play-seconds <S>")]
    [Description("Seconds of each play recording. Default: 20 (smoke 4).")]
    public double? PlaySeconds { get; set; }

    [CommandOption("--force-seconds <S>")]
    [Description("Seconds of each force-probing recording. Default: 10 (smoke 4).")]
    public double? ForceSeconds { get; set; }

    [CommandOption("--pretraining-epochs <N>")]
    [Description("Pretraining epochs over the play windows. Default: 3 (smoke 1).")]
    public int? PretrainingEpochs { get; set; }

    [CommandOption("--objective <NAME>")]
    [Description("Pretraining objective instead of the recipe's: SelfDistillation, MaskedAutoencoder, Byol or None (a random encoder, the control).")]
    public string? Objective { get; set; }

    [CommandOption("--encoder <CHECKPOINT>")]
    [Description("Encoder checkpoint to use instead of pretraining (e.g. an earlier run's).")]
    public string? Encoder { get; set; }

    [CommandOption("--budgets <LIST>")]
    [Description("Labelled recordings per budget of the study, comma-separated. Default: 1,4 (smoke 1,2).")]
    public string? Budgets { get; set; }

    [CommandOption("--seeds <LIST>")]
    [Description("Seeds of the study, comma-separated. Default: 1,2,3 (smoke 1,2).")]
    public string? Seeds { get; set; }

    [CommandOption("--lrs <LIST>")]
    [Description("Learning rates every decoder mode is tuned over, comma-separated. Default: 0.003.")]
    public string? LearningRates { get; set; }

    [CommandOption("--modes <LIST>")]
    [Description("Modes the study compares, comma-separated: LinearProbe, SignalProbe, Frozen, FineTune, EndToEnd. Default: all but SignalProbe.")]
    public string? Modes { get; set; }

    [CommandOption("--steps <N>")]
    [Description("Optimiser steps of every force decoder. Default: 200 (smoke 4).")]
    public int? Steps { get; set; }

    [CommandOption("--validation <N>")]
    [Description("Labelled recordings set aside to early-stop the decoders and choose the shipped model. Default: 2 (smoke 1).")]
    public int? Validation { get; set; }

    [CommandOption("--hidden <N>")]
    [Description("Hidden width of every force decoder's MLP. Default: a quarter of the encoder width.")]
    public int? Hidden { get; set; }

    [CommandOption("--encoder-lr-ratio <R>")]
    [Description("FineTune's encoder learning rate as a multiple of the decoder's (the micro encoder's two blocks make layer-wise decay a single ratio). Default: 1.")]
    public double? EncoderLearningRateRatio { get; set; }

    [CommandOption("--probe-features <NAME>")]
    [Description("What the linear probe reads: RegisterAndMeanTaxelToken or AsGiven (the register embedding alone). Default: RegisterAndMeanTaxelToken.")]
    public string? ProbeFeatures { get; set; }

    [CommandOption("--pretraining-lr <LR>")]
    [Description("Recipe lever: the pretraining learning rate.")]
    public double? PretrainingLearningRate { get; set; }

    [CommandOption("--teacher-temperature <START,END>")]
    [Description("Recipe lever: the teacher temperature's start and end, e.g. 0.02,0.04.")]
    public string? TeacherTemperature { get; set; }

    [CommandOption("--centering <NAME>")]
    [Description("Recipe lever: teacher centering, SinkhornKnopp or Centering.")]
    public string? Centering { get; set; }

    [CommandOption("--ibot-weight <W>")]
    [Description("Recipe lever: weight of the iBOT (masked patch) loss.")]
    public double? IbotWeight { get; set; }

    [CommandOption("--koleo-weight <W>")]
    [Description("Recipe lever: weight of the KoLeo regulariser.")]
    public double? KoLeoWeight { get; set; }

    [CommandOption("--encoder-size <NAME>")]
    [Description("Recipe lever: the encoder pretrained, Micro (the CPU preset's), Tinier, Tiny (the released model's, far slower on CPU) or Small.")]
    public string? EncoderSize { get; set; }

    [CommandOption("--prototypes <K>")]
    [Description("Recipe lever: prototypes of the self-distillation head (the CPU preset has 64; the reference 65536).")]
    public int? Prototypes { get; set; }

    [CommandOption("--mask-ratio <R>")]
    [Description("Recipe lever: fraction of taxels the masked-autoencoder objective hides from the encoder (0 to 1, exclusive). Default: 0.75.")]
    public double? MaskRatio { get; set; }

    [CommandOption("--matmul-precision <NAME>")]
    [Description("Pretraining's matrix products: Float32 (default) or BFloat16 (faster on CPUs with AVX512-BF16 or AMX; see docs/pretraining.md).")]
    public string? MatmulPrecision { get; set; }

    /// <inheritdoc/>
    public override ValidationResult Validate()
    {
        foreach (var (name, value) in new[] { ("--recordings", Recordings), ("--pretraining-epochs", PretrainingEpochs), ("--steps", Steps), ("--hidden", Hidden), ("--validation", Validation), ("--prototypes", Prototypes) })
            if (value is < 1) return ValidationResult.Error($"{name} must be at least 1; got {value}.");
        foreach (var (name, value) in new[] { ("--play-seconds", PlaySeconds), ("--force-seconds", ForceSeconds), ("--pretraining-lr", PretrainingLearningRate), ("--encoder-lr-ratio", EncoderLearningRateRatio) })
            if (value is { } v && !(v > 0 && double.IsFinite(v))) return ValidationResult.Error($"{name} must be a positive number; got {v}.");
        if (MaskRatio is { } ratio && !(ratio > 0 && ratio < 1)) return ValidationResult.Error($"--mask-ratio must be above 0 and below 1; got {ratio}.");
        if (Objective != null && CommaList.Enum<SparshPretrainingObjective>(Objective) is null)
            return ValidationResult.Error($"--objective takes one of {string.Join(", ", Enum.GetNames<SparshPretrainingObjective>())}; got '{Objective}'.");
        if (EncoderSize != null && CommaList.Enum<SparshSkinEncoderSize>(EncoderSize) is null)
            return ValidationResult.Error($"--encoder-size takes one of {string.Join(", ", Enum.GetNames<SparshSkinEncoderSize>())}; got '{EncoderSize}'.");
        if (Centering != null && CommaList.Enum<TeacherCenteringMethod>(Centering) is null)
            return ValidationResult.Error($"--centering takes one of {string.Join(", ", Enum.GetNames<TeacherCenteringMethod>())}; got '{Centering}'.");
        if (MatmulPrecision != null && CommaList.Enum<MatmulPrecision>(MatmulPrecision) is null)
            return ValidationResult.Error($"--matmul-precision takes one of {string.Join(", ", Enum.GetNames<MatmulPrecision>())}; got '{MatmulPrecision}'.");
        if (ProbeFeatures != null && CommaList.Enum<LinearProbeFeatures>(ProbeFeatures) is null)
            return ValidationResult.Error($"--probe-features takes one of {string.Join(", ", Enum.GetNames<LinearProbeFeatures>())}; got '{ProbeFeatures}'.");
        if (Budgets != null && (CommaList.Ints(Budgets) is not { } budgets || budgets.Any(b => b < 1)))
            return ValidationResult.Error($"--budgets takes comma-separated whole numbers of at least 1, e.g. 1,2,4; got '{Budgets}'.");
        if (Seeds != null && CommaList.Ints(Seeds) is null)
            return ValidationResult.Error($"--seeds takes comma-separated whole numbers, e.g. 1,2,3; got '{Seeds}'.");
        if (LearningRates != null && (CommaList.Doubles(LearningRates) is not { } rates || rates.Any(r => r <= 0)))
            return ValidationResult.Error($"--lrs takes comma-separated positive numbers, e.g. 0.001,0.003; got '{LearningRates}'.");
        if (Modes != null && CommaList.Enums<SampleEfficiencyMode>(Modes)?.All(QuickstartOptions.ForceModes.Contains) != true)
            return ValidationResult.Error($"--modes takes comma-separated modes from {string.Join(", ", QuickstartOptions.ForceModes)}; got '{Modes}'.");
        if (TeacherTemperature != null && CommaList.Doubles(TeacherTemperature) is not [> 0, > 0])
            return ValidationResult.Error($"--teacher-temperature takes two positive values, start,end (e.g. 0.02,0.04); got '{TeacherTemperature}'.");
        return ValidateLeversApply();
    }

    // A recipe lever the run would not read is an error, not a no-op: a study's table would credit it with a change that
    // was never made.
    private ValidationResult ValidateLeversApply()
    {
        (string Name, bool Given)[] pretraining =
            [.. RecipeLevers, ("--objective", Objective != null), ("--pretraining-epochs", PretrainingEpochs != null), ("--pretraining-seed", PretrainingSeed != null)];
        if (Encoder != null && FirstGiven(pretraining) is { } skipped)
            return ValidationResult.Error($"{skipped} changes pretraining, which --encoder skips (it loads an encoder that is already pretrained).");
        var options = ToOptions();
        var recipe = options.Pretraining();
        var objective = recipe.Objective = options.Objective ?? recipe.Objective;
        if (objective != SparshPretrainingObjective.SelfDistillation && FirstGiven(SelfDistillationLevers) is { } distillation)
            return ValidationResult.Error($"{distillation} sets the self-distillation objective, but this run pretrains with {objective} (add --objective SelfDistillation).");
        if (objective != SparshPretrainingObjective.MaskedAutoencoder && MaskRatio != null)
            return ValidationResult.Error($"--mask-ratio sets the masked autoencoder, but this run pretrains with {objective} (add --objective MaskedAutoencoder).");
        if (objective == SparshPretrainingObjective.None && FirstGiven(TrainingLevers) is { } untrained)
            return ValidationResult.Error($"{untrained} sets pretraining's optimisation, but --objective None does not train the encoder.");
        try
        {
            recipe.Validate();
        }
        catch (ArgumentException e)
        {
            return ValidationResult.Error($"The pretraining recipe these options give cannot run: {e.Message}");
        }
        return ValidationResult.Success();
    }

    private (string Name, bool Given)[] SelfDistillationLevers =>
        [("--teacher-temperature", TeacherTemperature != null), ("--centering", Centering != null), ("--ibot-weight", IbotWeight != null),
         ("--koleo-weight", KoLeoWeight != null), ("--prototypes", Prototypes != null)];

    private (string Name, bool Given)[] TrainingLevers => [("--pretraining-lr", PretrainingLearningRate != null), ("--matmul-precision", MatmulPrecision != null)];

    // Every option that changes the preset's recipe (WithLevers reads each of them).
    private (string Name, bool Given)[] RecipeLevers =>
        [.. SelfDistillationLevers, .. TrainingLevers, ("--mask-ratio", MaskRatio != null), ("--encoder-size", EncoderSize != null)];

    private static string? FirstGiven(IEnumerable<(string Name, bool Given)> options) => options.FirstOrDefault(o => o.Given).Name;

    /// <summary>The run these settings describe: the preset, then every option given.</summary>
    public QuickstartOptions ToOptions()
    {
        var options = Smoke ? QuickstartOptions.Smoke : QuickstartOptions.Default;
        // The GPU recipe's sizes first, so any option given on the command line still wins.
        if (Gpu) options = options with { Pretraining = SparshPretrainingOptions.Full, PretrainingEpochs = 500, DecoderSteps = 2000 };
        options = options with
        {
            OutputDirectory = OutputDirectory ?? options.OutputDirectory,
            Seed = Seed ?? options.Seed,
            PretrainingSeed = PretrainingSeed,
            RecordingsPerTask = Recordings ?? options.RecordingsPerTask,
            PlaySeconds = PlaySeconds ?? options.PlaySeconds,
            ForceSeconds = ForceSeconds ?? options.ForceSeconds,
            PretrainingEpochs = PretrainingEpochs ?? options.PretrainingEpochs,
            Objective = Objective != null ? CommaList.Enum<SparshPretrainingObjective>(Objective) : options.Objective,
            EncoderCheckpoint = Encoder ?? options.EncoderCheckpoint,
            BudgetRecordings = Budgets != null ? CommaList.Ints(Budgets)! : options.BudgetRecordings,
            StudySeeds = Seeds != null ? CommaList.Ints(Seeds)! : options.StudySeeds,
            LearningRates = LearningRates != null ? CommaList.Doubles(LearningRates)! : options.LearningRates,
            Modes = Modes != null ? CommaList.Enums<SampleEfficiencyMode>(Modes)! : options.Modes,
            DecoderSteps = Steps ?? options.DecoderSteps,
            DecoderHiddenWidth = Hidden ?? options.DecoderHiddenWidth,
            FineTuneEncoderLearningRateRatio = EncoderLearningRateRatio ?? options.FineTuneEncoderLearningRateRatio,
            ValidationRecordings = Validation ?? options.ValidationRecordings,
            ProbeFeatures = ProbeFeatures != null ? CommaList.Enum<LinearProbeFeatures>(ProbeFeatures)!.Value : options.ProbeFeatures,
        };
        if (FirstGiven(RecipeLevers) is null) return options;
        // Recipe levers of the pretraining preset, for searching a recipe with the study (docs/results.md).
        var preset = options.Pretraining;
        return options with { Pretraining = () => WithLevers(preset()) };
    }

    private SparshPretrainingOptions WithLevers(SparshPretrainingOptions recipe)
    {
        if (PretrainingLearningRate is { } rate) recipe.LearningRate = rate;
        if (MaskRatio is { } ratio) recipe.MaeMaskRatio = ratio;
        if (EncoderSize != null) recipe.Encoder = SparshSkinEncoderConfig.ForSize(CommaList.Enum<SparshSkinEncoderSize>(EncoderSize)!.Value);
        if (MatmulPrecision != null) recipe.MatmulPrecision = CommaList.Enum<MatmulPrecision>(MatmulPrecision)!.Value;
        if (TeacherTemperature != null && CommaList.Doubles(TeacherTemperature) is [var start, var end])
            (recipe.TeacherTemperatureStart, recipe.TeacherTemperatureEnd) = (start, end);
        var settings = recipe.SelfDistillation;
        if (Centering != null) settings = settings with { Centering = CommaList.Enum<TeacherCenteringMethod>(Centering)!.Value };
        if (IbotWeight is { } ibot) settings = settings with { IbotWeight = ibot };
        if (KoLeoWeight is { } koleo) settings = settings with { KoLeoWeight = koleo };
        if (Prototypes is { } prototypes) settings = settings with { Prototypes = prototypes };
        recipe.SelfDistillation = settings;
        return recipe;
    }
}
