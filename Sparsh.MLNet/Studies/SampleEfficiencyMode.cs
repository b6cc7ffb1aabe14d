namespace Sparsh.MLNet.Studies;

/// <summary>How a sample-efficiency run reads the encoder: the paper's three decoder modes, a linear probe, and the HiSS baseline.</summary>
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
}
