namespace Sparsh.MLNet.Studies;

/// <summary>
/// How a sample-efficiency run reads the encoder: the paper's three decoder modes, a linear probe, and two baselines without
/// an encoder (HiSS and a linear probe of the signal itself).
/// </summary>
public enum SampleEfficiencyMode
{
    /// <summary>A linear map from the frozen encoder's pooled <c>Embedding</c> (a measuring instrument; not shipped).</summary>
    LinearProbe,

    /// <summary>The decoder trained on the frozen pretrained encoder's tokens.</summary>
    Frozen,

    /// <summary>Decoder and pretrained encoder trained together.</summary>
    FineTune,

    /// <summary>Decoder and an encoder of the same architecture trained together from random weights (the supervised baseline).</summary>
    EndToEnd,

    /// <summary>
    /// The supervised HiSS baseline (<c>HissRegressor</c>): two LSTM levels over raw flux, no encoder, trained on labels only.
    /// Sequence tasks only (<see cref="SampleEfficiencyDecoder.Temporal"/>).
    /// </summary>
    Hiss,

    /// <summary>
    /// A ridge probe of the prepared signal itself, no encoder: the normalised flux averaged over the window's frames (one
    /// value per taxel and axis), penalty chosen on validation like <see cref="LinearProbe"/>'s. The baseline a learned
    /// representation must beat: what a linear readout gets without one. In temporal studies it reads one window, as the probe does.
    /// </summary>
    SignalProbe,
}
