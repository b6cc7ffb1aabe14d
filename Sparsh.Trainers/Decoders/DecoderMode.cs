namespace Sparsh.Trainers.Decoders;

/// <summary>The three ways the paper trains a decoder.</summary>
public enum DecoderMode
{
    /// <summary>Encoder fixed: its tokens are computed once (the tokens column) and only the decoder learns.</summary>
    Frozen,

    /// <summary>Pretrained encoder trained too, with its own lower learning rate.</summary>
    FineTune,

    /// <summary>Same architecture, encoder randomly initialised, everything trained on labels only.</summary>
    EndToEnd,
}
