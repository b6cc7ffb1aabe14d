using Sparsh.Trainers.Encoder;
using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Decoders;

/// <summary>Encoder and instantaneous decoder trained together (FineTune and EndToEnd modes): windows [B, F, T, 6] -> outputs [B, O].</summary>
public sealed class EncoderDecoderModel : nn.Module<Tensor, Tensor?, Tensor>
{
    private readonly SparshSkinEncoder encoder;
    private readonly InstantaneousDecoder decoder;

    /// <summary>Pairs an encoder with a decoder of the same token width.</summary>
    public EncoderDecoderModel(SparshSkinEncoder encoder, InstantaneousDecoder decoder) : base(nameof(EncoderDecoderModel))
    {
        this.encoder = encoder;
        this.decoder = decoder;
        RegisterComponents();
    }

    /// <summary>The encoder being trained.</summary>
    public SparshSkinEncoder Encoder => encoder;

    /// <summary>The decoder being trained.</summary>
    public InstantaneousDecoder Decoder => decoder;

    /// <summary>Windows [B, F, T, 6] and taxel validity [B, T] (or null) to outputs; invalid taxels are hidden from the encoder and the pooler.</summary>
    public override Tensor forward(Tensor windows, Tensor? validity)
    {
        using var scope = NewDisposeScope();
        var (tokens, keys) = EncoderInTheLoop.Encode(encoder, windows, validity);
        return decoder.forward(tokens, keys).MoveToOuterDisposeScope();
    }
}
