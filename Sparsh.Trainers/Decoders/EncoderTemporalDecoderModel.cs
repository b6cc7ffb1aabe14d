using Sparsh.Trainers.Encoder;
using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Decoders;

/// <summary>Encoder and temporal decoder trained together (FineTune and EndToEnd modes): sequences of windows [B, S, F, T, 6] -> outputs [B, S, O].</summary>
public sealed class EncoderTemporalDecoderModel : nn.Module<Tensor, Tensor?, Tensor>
{
    private readonly SparshSkinEncoder encoder;
    private readonly TemporalDecoder decoder;

    /// <summary>Pairs an encoder with a temporal decoder of the same token width.</summary>
    public EncoderTemporalDecoderModel(SparshSkinEncoder encoder, TemporalDecoder decoder) : base(nameof(EncoderTemporalDecoderModel))
    {
        this.encoder = encoder;
        this.decoder = decoder;
        RegisterComponents();
    }

    /// <summary>The encoder being trained.</summary>
    public SparshSkinEncoder Encoder => encoder;

    /// <summary>The temporal decoder being trained.</summary>
    public TemporalDecoder Decoder => decoder;

    /// <summary>Windows [B, S, F, T, 6] and taxel validity [B, S, T] (or null) to per-step outputs [B, S, O].</summary>
    public override Tensor forward(Tensor windows, Tensor? validity)
    {
        using var scope = NewDisposeScope();
        var (tokens, keys) = EncoderInTheLoop.Encode(encoder, windows, validity);
        return decoder.forward(tokens, keys).MoveToOuterDisposeScope();
    }
}
