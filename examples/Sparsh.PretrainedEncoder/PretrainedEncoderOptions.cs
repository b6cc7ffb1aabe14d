using Sparsh.Trainers.Decoders;

namespace Sparsh.PretrainedEncoder;

/// <summary>What the example runs: which checkpoint, how much simulated labelled data, which decoder mode and how long.</summary>
public sealed record PretrainedEncoderOptions
{
    /// <summary>The reference PyTorch checkpoint (.pth/.pt/.safetensors), e.g. Meta's xela_sparshskin_tiny.pth.</summary>
    public required string CheckpointPath { get; init; }

    /// <summary>Attention heads of the checkpoint's encoder; null: the reference's count for its size (tiny: 3).</summary>
    public int? Heads { get; init; }

    /// <summary>Folder for the simulated data, the model zip and the exported encoder.</summary>
    public string OutputDirectory { get; init; } = "pretrained-encoder-output";

    /// <summary>Seed of the simulation and of decoder training.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Force-probing recordings (a quarter are the test set).</summary>
    public int Recordings { get; init; } = 12;

    /// <summary>Seconds of each force-probing recording.</summary>
    public double ForceSeconds { get; init; } = 10;

    /// <summary>Frozen (train the decoder on the checkpoint's tokens) or FineTune (train the encoder too, at a tenth of the rate).</summary>
    public DecoderMode Mode { get; init; } = DecoderMode.FineTune;

    /// <summary>Optimiser steps of the force decoder.</summary>
    public int DecoderSteps { get; init; } = 300;

    /// <summary>Windows per optimiser step.</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>The sizes the test suite runs: a few short recordings and a handful of steps.</summary>
    public static PretrainedEncoderOptions Smoke(string checkpointPath) => new()
    {
        CheckpointPath = checkpointPath,
        Recordings = 4,
        ForceSeconds = 3,
        DecoderSteps = 4,
        BatchSize = 8,
    };
}
