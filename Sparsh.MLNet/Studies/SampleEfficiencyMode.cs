namespace Sparsh.MLNet.Studies;

/// <summary>How a sample-efficiency run reads the encoder: the paper's three decoder modes plus a linear probe.</summary>
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
}
