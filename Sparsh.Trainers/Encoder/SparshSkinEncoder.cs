using Sparsh.Trainers.Layers;
using Sparsh.Trainers.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Encoder;

/// <summary>
/// The Sparsh-skin encoder: one token per taxel from its window (frames x [normalised flux, position]) through a
/// linear embedding (LayerNormed when <see cref="SparshSkinEncoderConfig.TokenEmbeddingNorm"/>), plus a learned taxel-type embedding and a learned per-taxel position embedding, one or more
/// register tokens in front (the first is the global token), pre-norm transformer blocks and a final LayerNorm.
/// <see cref="forward"/> maps windows [B, F, T, 6] to tokens [B, 1 + T, D] (global token first).
/// </summary>
public sealed class SparshSkinEncoder : nn.Module<Tensor, Tensor>
{
    // Field names are the state-dict keys (TorchSharp takes them from the fields), hence snake_case.
    private readonly Linear patch_embed;
    private readonly LayerNorm? patch_norm;
    private readonly Parameter type_embed;
    private readonly Parameter pos_embed;
    private readonly Parameter register_tokens;
    private readonly Parameter mask_token;
    private readonly ModuleList<TransformerBlock> blocks;
    private readonly LayerNorm norm;
    private readonly Tensor taxel_types;

    /// <summary>The architecture.</summary>
    public SparshSkinEncoderConfig Config { get; }

    /// <summary>Builds the encoder with freshly initialised weights (from torch's current random state).</summary>
    public SparshSkinEncoder(SparshSkinEncoderConfig config) : base(nameof(SparshSkinEncoder))
    {
        config.Validate();
        Config = config;
        int d = config.EmbeddingDim;
        patch_embed = nn.Linear(config.TokenInputWidth, d);
        // Null fields are not registered, so encoders without the norm keep their state-dict keys.
        patch_norm = config.TokenEmbeddingNorm ? nn.LayerNorm(d, config.LayerNormEpsilon) : null;
        type_embed = new Parameter(torch.zeros(config.TaxelTypeCount, d));
        pos_embed = new Parameter(torch.zeros(config.TaxelCount, d));
        register_tokens = new Parameter(torch.zeros(1, config.RegisterTokens, d));
        mask_token = new Parameter(torch.zeros(1, 1, d));
        blocks = nn.ModuleList(Enumerable.Range(0, config.Depth).Select(i => new TransformerBlock(
            $"block{i}", d, config.Heads, config.MlpRatio,
            config.Depth == 1 ? 0 : config.DropPathRate * i / (config.Depth - 1), config.LayerNormEpsilon)).ToArray());
        norm = nn.LayerNorm(d, config.LayerNormEpsilon);
        taxel_types = torch.tensor(config.TaxelTypes.Select(t => (long)t).ToArray());
        RegisterComponents();
        Initialise();
    }

    /// <summary>Embedding parameters (no weight decay in pretraining, like biases and norms).</summary>
    public IEnumerable<Parameter> EmbeddingParameters => [type_embed, pos_embed, register_tokens, mask_token];

    /// <summary>Encodes full windows [B, F, T, 6] into [B, 1 + T, D]: the global token, then the taxel tokens.</summary>
    public override Tensor forward(Tensor windows)
    {
        using var scope = NewDisposeScope();
        var output = Encode(windows);
        return torch.cat([output.Register.unsqueeze(1), output.Tokens], 1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Encodes windows [B, F, T, 6] (flux channels first, then positions).
    /// </summary>
    /// <param name="windows">Full windows, float32 [B, F, T, 6].</param>
    /// <param name="keep">Taxel indices each sample keeps, int64 [B, K] (a masked view); null keeps all T.</param>
    /// <param name="validity">Per-taxel validity [B, T] bool; invalid taxels are hidden from attention. Null = all valid.</param>
    /// <param name="tokenMask">[B, K] bool: tokens replaced by the learned mask token (iBOT / masked modelling); or null.</param>
    public SparshSkinEncoderOutput Encode(Tensor windows, Tensor? keep = null, Tensor? validity = null, Tensor? tokenMask = null)
    {
        using var scope = NewDisposeScope();
        long b = windows.shape[0], f = windows.shape[1], t = windows.shape[2], c = windows.shape[3];
        if (f != Config.FrameCount || t != Config.TaxelCount || c != Config.MagneticChannels + Config.PositionChannels)
            throw new ArgumentException($"Expected windows [B, {Config.FrameCount}, {Config.TaxelCount}, {Config.MagneticChannels + Config.PositionChannels}], got [{string.Join(", ", windows.shape)}].", nameof(windows));
        int d = Config.EmbeddingDim;
        // One token per taxel: its F x C series, frame-major, embedded linearly.
        var perTaxel = windows.permute(0, 2, 1, 3).reshape(b, t, f * c);
        Tensor positions, types;
        if (keep is null)
        {
            positions = pos_embed.unsqueeze(0);
            types = type_embed.index_select(0, taxel_types).unsqueeze(0);
        }
        else
        {
            long k = keep.shape[1];
            perTaxel = perTaxel.gather(1, keep.unsqueeze(-1).expand(b, k, f * c));
            var flat = keep.reshape(-1);
            positions = pos_embed.index_select(0, flat).view(b, k, d);
            types = type_embed.index_select(0, taxel_types.index_select(0, flat)).view(b, k, d);
            if (validity is not null) validity = validity.gather(1, keep);
        }
        var tokens = MixedPrecision.Linear(patch_embed, perTaxel);
        if (patch_norm is not null) tokens = patch_norm.forward(tokens);
        if (tokenMask is not null) tokens = torch.where(tokenMask.unsqueeze(-1), mask_token.to(tokens.dtype), tokens);
        tokens = tokens + positions + types;
        var x = torch.cat([register_tokens.expand(b, -1, -1), tokens], 1);

        Tensor? keyMask = null;
        if (validity is not null)
        {
            // Registers are always attendable, so every query has at least one key.
            var registers = torch.ones(b, Config.RegisterTokens, dtype: ScalarType.Bool, device: validity.device);
            keyMask = torch.cat([registers, validity.to(ScalarType.Bool)], 1).view(b, 1, 1, -1);
        }
        foreach (var block in blocks) x = block.forward(x, keyMask);
        x = norm.forward(x);
        int r = Config.RegisterTokens;
        var output = new SparshSkinEncoderOutput(x[.., 0].MoveToOuterDisposeScope(), x[.., r..].MoveToOuterDisposeScope());
        return output;
    }

    private void Initialise()
    {
        using var noGrad = torch.no_grad();
        // Truncated normal (std 0.02) for embeddings and Linear weights, zero biases, unit LayerNorms: the usual ViT start.
        WeightInit.TruncatedNormal(type_embed, 0.02);
        WeightInit.TruncatedNormal(pos_embed, 0.02);
        WeightInit.TruncatedNormal(register_tokens, 1e-6);
        WeightInit.TruncatedNormal(mask_token, 0.02);
        foreach (var module in modules())
        {
            if (module is Linear linear)
            {
                WeightInit.TruncatedNormal(linear.weight!, 0.02);
                if (linear.bias is not null) nn.init.zeros_(linear.bias);
            }
        }
    }
}
