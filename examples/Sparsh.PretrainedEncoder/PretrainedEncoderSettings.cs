using System.ComponentModel;
using Sparsh.Trainers.Decoders;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Sparsh.PretrainedEncoder;

/// <summary>The example's command line; options left out keep <see cref="PretrainedEncoderOptions"/>'s defaults (or the smoke sizes with --smoke).</summary>
public sealed class PretrainedEncoderSettings : CommandSettings
{
    [CommandOption("--checkpoint <FILE>")]
    [Description("The reference PyTorch checkpoint: Meta's xela_sparshskin_tiny.pth (docs/pretrained-encoder.md says where to get it), or any .pth/.pt/.safetensors of the reference encoder.")]
    public string? Checkpoint { get; set; }

    [CommandOption("--heads <N>")]
    [Description("Attention heads of the checkpoint's encoder (a state dict does not store them). Default: the reference's count for its size (tiny: 3).")]
    public int? Heads { get; set; }

    [CommandOption("--smoke")]
    [Description("Tiny sizes, seconds to run (what the test suite runs).")]
    public bool Smoke { get; set; }

    [CommandOption("--out <DIR>")]
    [Description("Folder for the simulated data, the model zip and the exported encoder. Default: pretrained-encoder-output.")]
    public string? OutputDirectory { get; set; }

    [CommandOption("--seed <N>")]
    [Description("Seed of the simulation and of decoder training. Default: 1.")]
    public int? Seed { get; set; }

    [CommandOption("--recordings <N>")]
    [Description("Force-probing recordings, a quarter held out for the test. Default: 12 (smoke 4).")]
    public int? Recordings { get; set; }

    [CommandOption("--force-seconds <S>")]
    [Description("Seconds of each force-probing recording. Default: 10 (smoke 3).")]
    public double? ForceSeconds { get; set; }

    [CommandOption("--mode <MODE>")]
    [Description("FineTune (train the encoder too, at a tenth of the decoder's rate) or Frozen. Default: FineTune.")]
    public DecoderMode? Mode { get; set; }

    [CommandOption("--steps <N>")]
    [Description("Optimiser steps of the force decoder. Default: 300 (smoke 4).")]
    public int? Steps { get; set; }

    /// <inheritdoc/>
    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Checkpoint))
            return ValidationResult.Error("--checkpoint is required: download xela_sparshskin_tiny.pth from the Hugging Face hub (facebook/sparsh-skin), see docs/pretrained-encoder.md.");
        if (!File.Exists(Checkpoint)) return ValidationResult.Error($"--checkpoint '{Checkpoint}' does not exist.");
        if (Heads is <= 0) return ValidationResult.Error($"--heads must be positive, got {Heads}.");
        if (Recordings is < 4) return ValidationResult.Error($"--recordings must be at least 4 (one held out for the test), got {Recordings}.");
        if (ForceSeconds is <= 0) return ValidationResult.Error($"--force-seconds must be positive, got {ForceSeconds}.");
        if (Steps is <= 0) return ValidationResult.Error($"--steps must be positive, got {Steps}.");
        if (Mode is { } mode && mode != DecoderMode.FineTune && mode != DecoderMode.Frozen)
            return ValidationResult.Error($"--mode must be FineTune or Frozen, got {mode}.");
        return ValidationResult.Success();
    }

    /// <summary>The options these settings describe.</summary>
    public PretrainedEncoderOptions ToOptions()
    {
        var preset = Smoke ? PretrainedEncoderOptions.Smoke(Checkpoint!) : new PretrainedEncoderOptions { CheckpointPath = Checkpoint! };
        return preset with
        {
            Heads = Heads ?? preset.Heads,
            OutputDirectory = OutputDirectory ?? preset.OutputDirectory,
            Seed = Seed ?? preset.Seed,
            Recordings = Recordings ?? preset.Recordings,
            ForceSeconds = ForceSeconds ?? preset.ForceSeconds,
            Mode = Mode ?? preset.Mode,
            DecoderSteps = Steps ?? preset.DecoderSteps,
        };
    }
}
