namespace Sparsh.Trainers.LinearProbe;

/// <summary>What a linear probe reads from its feature column.</summary>
public enum LinearProbeFeatures
{
    /// <summary>The column's values as they are (any known-size float vector).</summary>
    AsGiven,

    /// <summary>
    /// The column holds an encoder's tokens [1 + taxels, D], register first (the encoder's <c>Tokens</c> column): the probe reads
    /// the register token and the mean taxel token side by side (2D values), the features the pretraining's online probe reads.
    /// The fitted probe is the same linear map written over all tokens, so it saves and scores like any probe.
    /// </summary>
    RegisterAndMeanTaxelToken,

    /// <summary>
    /// The column holds windows [frames, ...] (e.g. the normalised flux [10, 368, 3]): the probe reads their mean over the
    /// frames, one value per taxel and axis. No encoder is involved, which makes it the baseline a learned representation must
    /// beat. The fitted probe is the same linear map written over every frame, so it saves and scores like any probe.
    /// </summary>
    FrameMean,
}
