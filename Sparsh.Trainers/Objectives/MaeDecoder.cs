using Sparsh.Trainers.Layers;
using Sparsh.Trainers.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Objectives;

/// <summary>
/// Light decoder of the masked-autoencoder baseline: encoder tokens of the kept taxels are projected, scattered back
/// to their taxel slots, the other slots get a learned mask token, every slot a learned position embedding; one
/// transformer block later each taxel's normalised flux over the window (frames x 3) is predicted.
/// </summary>
public sealed class MaeDecoder : nn.Module
{
    private readonly Linear embed;
    private readonly Parameter mask_token;
    private readonly Parameter pos_embed;
    private readonly ModuleList<TransformerBlock> blocks;
    private readonly LayerNorm norm;
    private readonly Linear predict;
    private readonly int _dim;

    /// <summary>Creates the decoder.</summary>
    public MaeDecoder(string name, int encoderDim, int decoderDim, int heads, int depth, int taxels, int outputsPerTaxel) : base(name)
    {
        _dim = decoderDim;
        embed = nn.Linear(encoderDim, decoderDim);
        mask_token = new Parameter(torch.zeros(1, 1, decoderDim));
        pos_embed = new Parameter(torch.zeros(1, taxels, decoderDim));
        blocks = nn.ModuleList(Enumerable.Range(0, depth).Select(i => new TransformerBlock($"block{i}", decoderDim, heads, 4, 0, 1e-6)).ToArray());
        norm = nn.LayerNorm(decoderDim, 1e-6);
        predict = nn.Linear(decoderDim, outputsPerTaxel);
        RegisterComponents();
        using var noGrad = torch.no_grad();
        WeightInit.TruncatedNormal(mask_token, 0.02);
        WeightInit.TruncatedNormal(pos_embed, 0.02);
    }

    /// <summary>Predictions [B, T, outputs] from the register [B, D], kept tokens [B, K, D] and their taxel indices [B, K].</summary>
    public Tensor Forward(Tensor register, Tensor keptTokens, Tensor keep)
    {
        using var scope = NewDisposeScope();
        long b = keptTokens.shape[0], k = keptTokens.shape[1], t = pos_embed.shape[1];
        var projected = MixedPrecision.Linear(embed, keptTokens);
        var slots = mask_token.expand(b, t, _dim).clone();
        slots = slots.scatter(1, keep.unsqueeze(-1).expand(b, k, _dim), projected) + pos_embed;
        var x = torch.cat([MixedPrecision.Linear(embed, register).unsqueeze(1), slots], 1);
        foreach (var block in blocks) x = block.forward(x, null);
        return MixedPrecision.Linear(predict, norm.forward(x)[.., 1..]).MoveToOuterDisposeScope();
    }
}
