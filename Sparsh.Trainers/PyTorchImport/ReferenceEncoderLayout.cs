using Sparsh.Trainers.Encoder;
using Sparsh.Transforms.Hand;
using Sparsh.Transforms.Preprocessing;
using Sparsh.Transforms.Xela;
using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.PyTorchImport;

/// <summary>
/// How the reference encoder's state dict (facebookresearch/sparsh-multisensory-touch, <c>XelaTransformer</c>) maps onto a
/// <see cref="SparshSkinEncoder"/>'s, both ways, so import and export are one piece of code:
/// <list type="bullet">
/// <item><c>patch_embed.proj</c> (Conv1d, kernel = stride = frames) [D, C, F] is our token Linear [D, F x C] with the
/// weight's last two axes swapped (our token input is frame-major); <c>patch_embed.layer_norm</c> is <c>patch_norm</c>.</item>
/// <item><c>taxeltype_embed</c> rows are ordered 4x4, 4x6, curved; ours follow <see cref="TaxelType"/>.</item>
/// <item><c>pos_embed</c> [1, T, D] is ours [T, D]; <c>register_tokens</c>, <c>mask_token</c>, <c>blocks.*</c> and
/// <c>norm</c> have the same names and shapes.</item>
/// <item><c>xela_mean</c>/<c>xela_std</c> are the statistics the reference normalises flux with inside its forward; here
/// they are the pipeline's <see cref="MagneticChannelStatistics"/>.</item>
/// <item>LayerScale (<c>blocks.i.ls1.gamma</c>, <c>ls2.gamma</c>) is folded into the output Linear it scales.</item>
/// </list>
/// </summary>
internal static class ReferenceEncoderLayout
{
    /// <summary>Prefixes under which training checkpoints keep the encoder, most useful first (the EMA teacher is the one evaluated).</summary>
    public static readonly string[] EncoderPrefixes =
        ["", "teacher_encoder.backbone.", "student_encoder.backbone.", "model_encoder.", "encoder.", "backbone.", "module."];

    public const string PosEmbed = "pos_embed";
    public const string RegisterTokens = "register_tokens";
    public const string MaskToken = "mask_token";
    public const string TaxelTypeEmbed = "taxeltype_embed";
    public const string TokenizerWeight = "patch_embed.proj.weight";
    public const string TokenizerBias = "patch_embed.proj.bias";
    public const string TokenizerNormWeight = "patch_embed.layer_norm.weight";
    public const string TokenizerNormBias = "patch_embed.layer_norm.bias";
    public const string FluxMean = "xela_mean";
    public const string FluxStd = "xela_std";

    /// <summary>Reference taxel-type row of each of our <see cref="TaxelType"/> values (reference order: 4x4, 4x6, curved).</summary>
    public static int ReferenceTypeRow(TaxelType type) => type switch
    {
        TaxelType.Patch4x4 => 0,
        TaxelType.Palm4x6 => 1,
        TaxelType.CurvedFingertip => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "No reference taxel-type row."),
    };

    /// <summary>Per-block keys, shared by both sides (LayerScale keys excepted).</summary>
    public static readonly string[] BlockKeys =
    [
        "norm1.weight", "norm1.bias", "attn.qkv.weight", "attn.qkv.bias", "attn.proj.weight", "attn.proj.bias",
        "norm2.weight", "norm2.bias", "mlp.fc1.weight", "mlp.fc1.bias", "mlp.fc2.weight", "mlp.fc2.bias",
    ];

    /// <summary>Our state dict (names and tensors) from the reference one; <paramref name="reference"/> has been checked by the reader.</summary>
    public static Dictionary<string, Tensor> ToEncoderState(IReadOnlyDictionary<string, Tensor> reference, SparshSkinEncoderConfig config)
    {
        using var noGrad = no_grad();
        var ours = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        long d = config.EmbeddingDim, f = config.FrameCount, c = config.MagneticChannels + config.PositionChannels;
        // Conv1d weight [D, C, F] -> Linear weight [D, F x C] (input index f * C + c).
        ours["patch_embed.weight"] = reference[TokenizerWeight].permute(0, 2, 1).reshape(d, f * c).contiguous();
        ours["patch_embed.bias"] = reference[TokenizerBias].clone();
        if (config.TokenEmbeddingNorm)
        {
            ours["patch_norm.weight"] = reference[TokenizerNormWeight].clone();
            ours["patch_norm.bias"] = reference[TokenizerNormBias].clone();
        }
        var rows = Enum.GetValues<TaxelType>().Select(t => (long)ReferenceTypeRow(t)).ToArray();
        ours["type_embed"] = reference[TaxelTypeEmbed].index_select(0, torch.tensor(rows)).contiguous();
        ours["pos_embed"] = reference[PosEmbed].reshape(config.TaxelCount, d).clone();
        ours["register_tokens"] = reference[RegisterTokens].clone();
        ours["mask_token"] = reference.TryGetValue(MaskToken, out var mask) ? mask.clone() : torch.zeros(1, 1, d);
        for (int i = 0; i < config.Depth; i++)
        {
            foreach (var key in BlockKeys) ours[$"blocks.{i}.{key}"] = reference[$"blocks.{i}.{key}"].clone();
            FoldLayerScale(reference, ours, $"blocks.{i}.ls1.gamma", $"blocks.{i}.attn.proj");
            FoldLayerScale(reference, ours, $"blocks.{i}.ls2.gamma", $"blocks.{i}.mlp.fc2");
        }
        ours["norm.weight"] = reference["norm.weight"].clone();
        ours["norm.bias"] = reference["norm.bias"].clone();
        return ours;
    }

    /// <summary>The reference state dict of <paramref name="encoder"/>, with <paramref name="statistics"/> as its flux normalisation.</summary>
    public static Dictionary<string, Tensor> ToReferenceState(SparshSkinEncoder encoder, MagneticChannelStatistics statistics)
    {
        using var noGrad = no_grad();
        var config = encoder.Config;
        var state = encoder.state_dict();
        long d = config.EmbeddingDim, f = config.FrameCount, c = config.MagneticChannels + config.PositionChannels;
        var reference = new Dictionary<string, Tensor>(StringComparer.Ordinal)
        {
            [RegisterTokens] = Copy(state["register_tokens"]),
            [PosEmbed] = Copy(state["pos_embed"]).reshape(1, config.TaxelCount, d),
            [MaskToken] = Copy(state["mask_token"]),
        };
        // The inverse row permutation: reference row r holds our type whose ReferenceTypeRow is r.
        var ourRowOf = new long[config.TaxelTypeCount];
        foreach (var type in Enum.GetValues<TaxelType>()) ourRowOf[ReferenceTypeRow(type)] = (long)type;
        reference[TaxelTypeEmbed] = Copy(state["type_embed"]).index_select(0, torch.tensor(ourRowOf)).contiguous();
        reference[FluxMean] = torch.tensor(statistics.Mean.Select(v => (float)v).ToArray());
        reference[FluxStd] = torch.tensor(statistics.Std.Select(v => (float)v).ToArray());
        for (int i = 0; i < config.Depth; i++)
            foreach (var key in BlockKeys) reference[$"blocks.{i}.{key}"] = Copy(state[$"blocks.{i}.{key}"]);
        reference["norm.weight"] = Copy(state["norm.weight"]);
        reference["norm.bias"] = Copy(state["norm.bias"]);
        // Linear weight [D, F x C] -> Conv1d weight [D, C, F].
        reference[TokenizerWeight] = Copy(state["patch_embed.weight"]).reshape(d, f, c).permute(0, 2, 1).contiguous();
        reference[TokenizerBias] = Copy(state["patch_embed.bias"]);
        if (config.TokenEmbeddingNorm)
        {
            reference[TokenizerNormWeight] = Copy(state["patch_norm.weight"]);
            reference[TokenizerNormBias] = Copy(state["patch_norm.bias"]);
        }
        return reference;
    }

    /// <summary>The names the reference encoder of <paramref name="config"/>'s shape has, for the unknown/missing key checks.</summary>
    public static HashSet<string> ExpectedKeys(SparshSkinEncoderConfig config, bool withMaskToken, bool withLayerScale)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal)
        {
            PosEmbed, RegisterTokens, TaxelTypeEmbed, TokenizerWeight, TokenizerBias, FluxMean, FluxStd, "norm.weight", "norm.bias",
        };
        if (withMaskToken) keys.Add(MaskToken);
        if (config.TokenEmbeddingNorm) { keys.Add(TokenizerNormWeight); keys.Add(TokenizerNormBias); }
        for (int i = 0; i < config.Depth; i++)
        {
            foreach (var key in BlockKeys) keys.Add($"blocks.{i}.{key}");
            if (withLayerScale) { keys.Add($"blocks.{i}.ls1.gamma"); keys.Add($"blocks.{i}.ls2.gamma"); }
        }
        return keys;
    }

    /// <summary>The shape the reference gives each key for <paramref name="config"/>.</summary>
    public static long[] ExpectedShape(string key, SparshSkinEncoderConfig config)
    {
        long d = config.EmbeddingDim, hidden = (long)Math.Round(d * config.MlpRatio);
        long c = config.MagneticChannels + config.PositionChannels;
        string local = key.StartsWith("blocks.", StringComparison.Ordinal) ? key[(key.IndexOf('.', 7) + 1)..] : key;
        return local switch
        {
            PosEmbed => [1, config.TaxelCount, d],
            RegisterTokens => [1, config.RegisterTokens, d],
            MaskToken => [1, 1, d],
            TaxelTypeEmbed => [config.TaxelTypeCount, d],
            TokenizerWeight => [d, c, config.FrameCount],
            FluxMean or FluxStd => [XelaSkin.AxisCount],
            "attn.qkv.weight" => [3 * d, d],
            "attn.qkv.bias" => [3 * d],
            "attn.proj.weight" => [d, d],
            "mlp.fc1.weight" => [hidden, d],
            "mlp.fc1.bias" => [hidden],
            "mlp.fc2.weight" => [d, hidden],
            _ => [d],
        };
    }

    private static void FoldLayerScale(IReadOnlyDictionary<string, Tensor> reference, Dictionary<string, Tensor> ours, string gammaKey, string linear)
    {
        // x + gamma * (W h + b) == x + (diag(gamma) W) h + gamma * b.
        if (!reference.TryGetValue(gammaKey, out var gamma)) return;
        var weight = ours[$"{linear}.weight"];
        var bias = ours[$"{linear}.bias"];
        ours[$"{linear}.weight"] = weight.mul(gamma.unsqueeze(1));
        ours[$"{linear}.bias"] = bias.mul(gamma);
        weight.Dispose();
        bias.Dispose();
    }

    private static Tensor Copy(Tensor tensor) => tensor.detach().cpu().to(ScalarType.Float32).clone();
}
