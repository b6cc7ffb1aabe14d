using System.Text.RegularExpressions;
using Sparsh.Trainers.Encoder;
using Sparsh.Transforms.Hand;
using Sparsh.Transforms.Preprocessing;
using Sparsh.Transforms.Xela;
using static TorchSharp.torch;

namespace Sparsh.Trainers.PyTorchImport;

/// <summary>
/// A Sparsh-skin encoder checkpoint of the reference PyTorch code (facebookresearch/sparsh-multisensory-touch, e.g. Meta's
/// released <c>xela_sparshskin_tiny.pth</c>) read into this project's terms: the <see cref="SparshSkinEncoderConfig"/> the
/// weights imply, the flux normalisation the reference applies inside its forward (<c>xela_mean</c>/<c>xela_std</c>) as
/// <see cref="MagneticChannelStatistics"/> for the pipeline's <c>XelaNormalization</c>, and the weights themselves.
/// Reads <c>.pth</c>/<c>.pt</c> (<c>torch.save</c>) and <c>.safetensors</c> through TorchSharp.PyBridge, which rebuilds
/// tensors without executing pickled code. Format and mapping: docs/pretrained-encoder.md.
/// </summary>
public sealed partial class ReferenceEncoderCheckpoint : IDisposable
{
    private readonly Dictionary<string, Tensor> _reference;

    private ReferenceEncoderCheckpoint(string path, string prefix, SparshSkinEncoderConfig config, MagneticChannelStatistics statistics,
        Dictionary<string, Tensor> reference, IReadOnlyList<string> ignoredKeys)
    {
        Path = path;
        KeyPrefix = prefix;
        Config = config;
        Statistics = statistics;
        _reference = reference;
        IgnoredKeys = ignoredKeys;
    }

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>The prefix the encoder's keys carry in the file ("" for a bare encoder state dict, e.g. <c>teacher_encoder.backbone.</c>).</summary>
    public string KeyPrefix { get; }

    /// <summary>The architecture the weights imply (with the hand's taxel types).</summary>
    public SparshSkinEncoderConfig Config { get; }

    /// <summary>
    /// The reference's flux normalisation (<c>xela_mean</c>, <c>xela_std</c>, counts): the encoder expects flux normalised
    /// with these, so pass them as <c>XelaNormalizationOptions.Statistics</c> rather than fitting new ones.
    /// </summary>
    public MagneticChannelStatistics Statistics { get; }

    /// <summary>Keys outside <see cref="KeyPrefix"/> (a training checkpoint's student, heads, optimiser state), not read.</summary>
    public IReadOnlyList<string> IgnoredKeys { get; }

    /// <summary>
    /// Reads the checkpoint at <paramref name="path"/>. <paramref name="heads"/> is the attention head count, which a state
    /// dict does not store: null takes the reference's count for its sizes (dim 96 or 192: 3 heads; 768: 12) and asks for it
    /// otherwise. <paramref name="hand"/> supplies the taxel types in flatten order (default: the Allegro + XELA hand).
    /// </summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">
    /// The file is truncated or not a state dict, holds another model, lacks a key, has a key the encoder does not know or a
    /// tensor of the wrong shape; the message names the file and the key and says what was expected.
    /// </exception>
    public static ReferenceEncoderCheckpoint Read(string path, int? heads = null, HandModel? hand = null)
    {
        var all = StateDictFile.Read(path);
        try
        {
            var prefix = ReferenceEncoderLayout.EncoderPrefixes.FirstOrDefault(p => all.ContainsKey(p + ReferenceEncoderLayout.PosEmbed))
                ?? throw new InvalidDataException(
                    $"'{path}' is not a Sparsh-skin (XelaTransformer) encoder checkpoint: no '{ReferenceEncoderLayout.PosEmbed}' key, bare or under " +
                    $"{string.Join(", ", ReferenceEncoderLayout.EncoderPrefixes.Skip(1).Select(p => $"'{p}'"))}. Its first keys: {FirstKeys(all.Keys)}.");
            var reference = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            var ignored = new List<string>();
            foreach (var (key, tensor) in all)
            {
                if (key.StartsWith(prefix, StringComparison.Ordinal)) reference[key[prefix.Length..]] = tensor;
                else { ignored.Add(key); tensor.Dispose(); }
            }
            var config = InferConfig(path, prefix, reference, heads, hand ?? HandModel.AllegroXela);
            CheckKeysAndShapes(path, prefix, reference, config);
            return new ReferenceEncoderCheckpoint(path, prefix, config, ReadStatistics(path, prefix, reference), reference, ignored);
        }
        catch
        {
            foreach (var tensor in all.Values) tensor.Dispose();
            throw;
        }
    }

    /// <summary>A new encoder with the checkpoint's weights (evaluation mode; the caller owns and disposes it).</summary>
    public SparshSkinEncoder CreateEncoder()
    {
        var encoder = new SparshSkinEncoder(Config);
        var state = ReferenceEncoderLayout.ToEncoderState(_reference, Config);
        try
        {
            var (missing, unexpected) = encoder.load_state_dict(state, strict: false);
            // taxel_types is derived from the config, not stored by the reference.
            var notLoaded = missing.Where(k => k != "taxel_types").ToList();
            if (notLoaded.Count > 0 || unexpected.Count > 0)
                throw new InvalidOperationException($"Mapping '{Path}' onto the encoder left keys unset ({string.Join(", ", notLoaded)}) " +
                    $"or unused ({string.Join(", ", unexpected)}): the layout and the encoder disagree.");
        }
        finally
        {
            foreach (var tensor in state.Values) tensor.Dispose();
        }
        encoder.eval();
        return encoder;
    }

    /// <summary>
    /// Writes <paramref name="encoder"/>'s weights under the reference's names and shapes, so that the reference
    /// <c>XelaTransformer</c> loads them with <c>load_state_dict(strict=True)</c>: <c>.safetensors</c>, or <c>torch.save</c>'s
    /// format for <c>.pth</c>/<c>.pt</c>. <paramref name="statistics"/> become <c>xela_mean</c>/<c>xela_std</c> (the
    /// normalisation the encoder was trained behind); null writes 0 and 1, for flux normalised before the encoder.
    /// </summary>
    /// <exception cref="ArgumentException">The encoder has a shape the reference cannot hold (e.g. not 3 taxel types).</exception>
    public static void Write(SparshSkinEncoder encoder, string path, MagneticChannelStatistics? statistics = null)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        var config = encoder.Config;
        if (config.TaxelTypeCount != Enum.GetValues<TaxelType>().Length || config.MagneticChannels != XelaSkin.AxisCount || config.PositionChannels != 3)
            throw new ArgumentException($"The reference encoder has {Enum.GetValues<TaxelType>().Length} taxel types and 3 + 3 channels; this one has " +
                $"{config.TaxelTypeCount} types and {config.MagneticChannels} + {config.PositionChannels} channels.", nameof(encoder));
        statistics ??= new MagneticChannelStatistics([0, 0, 0], [1, 1, 1]);
        var state = ReferenceEncoderLayout.ToReferenceState(encoder, statistics);
        try
        {
            StateDictFile.Write(path, state);
        }
        finally
        {
            foreach (var tensor in state.Values) tensor.Dispose();
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var tensor in _reference.Values) tensor.Dispose();
        _reference.Clear();
    }

    private static SparshSkinEncoderConfig InferConfig(string path, string prefix, Dictionary<string, Tensor> reference, int? heads, HandModel hand)
    {
        var pos = Require(path, prefix, reference, ReferenceEncoderLayout.PosEmbed, "[1, taxels x time chunks, D]", rank: 3);
        var tokenizer = Require(path, prefix, reference, ReferenceEncoderLayout.TokenizerWeight, "[D, 6 channels, frames] (a Conv1d over time)", rank: 3);
        var registers = Require(path, prefix, reference, ReferenceEncoderLayout.RegisterTokens,
            "[1, registers, D] (this encoder's global token is the first register)", rank: 3);
        long d = pos.shape[2], taxels = hand.Taxels.Count;
        long channels = tokenizer.shape[1], frames = tokenizer.shape[2];
        if (channels != XelaSkin.AxisCount + 3)
            throw Mismatch(path, prefix, ReferenceEncoderLayout.TokenizerWeight, tokenizer,
                $"[{d}, 6, frames]: 3 flux + 3 position channels per taxel (a checkpoint with in_chans {channels} is another input layout)");
        if (pos.shape[1] != taxels)
            throw Mismatch(path, prefix, ReferenceEncoderLayout.PosEmbed, pos, pos.shape[1] % taxels == 0
                ? $"[1, {taxels}, {d}]: one token per taxel; {pos.shape[1] / taxels} tokens per taxel means time_chunk_size < sequence_length, which this encoder does not support"
                : $"[1, {taxels}, {d}]: one position per taxel of the hand ({taxels} taxels)");
        var blockIndices = reference.Keys.Select(k => BlockIndex().Match(k)).Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Distinct().Order().ToList();
        if (blockIndices.Count == 0)
            throw new InvalidDataException($"'{path}': no transformer blocks ('{prefix}blocks.0.norm1.weight' ...): not a Sparsh-skin encoder.");
        for (int i = 0; i < blockIndices.Count; i++)
            if (blockIndices[i] != i)
                throw new InvalidDataException($"'{path}': missing key '{prefix}blocks.{i}.norm1.weight': block indices are {string.Join(", ", blockIndices)}, expected 0..{blockIndices[^1]}.");
        var fc1 = Require(path, prefix, reference, "blocks.0.mlp.fc1.weight", $"[hidden, {d}]", rank: 2);
        int headCount = heads ?? d switch
        {
            96 or 192 => 3,
            768 => 12,
            _ => throw new InvalidDataException($"'{path}': a state dict does not store the attention head count and dim {d} is not one " +
                "of the reference's sizes with a known count (tinier 96 and tiny 192: 3 heads; base 768: 12). Pass heads explicitly."),
        };
        var config = new SparshSkinEncoderConfig
        {
            EmbeddingDim = (int)d,
            Depth = blockIndices.Count,
            Heads = headCount,
            MlpRatio = (double)fc1.shape[0] / d,
            FrameCount = (int)frames,
            RegisterTokens = (int)registers.shape[1],
            TaxelTypes = SparshSkinEncoderConfig.TaxelTypesOf(hand),
            TokenEmbeddingNorm = reference.ContainsKey(ReferenceEncoderLayout.TokenizerNormWeight),
        };
        try
        {
            config.Validate();
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"'{path}': the weights imply an encoder this project cannot build: {e.Message}", e);
        }
        return config;
    }

    private static void CheckKeysAndShapes(string path, string prefix, Dictionary<string, Tensor> reference, SparshSkinEncoderConfig config)
    {
        bool layerScale = reference.ContainsKey("blocks.0.ls1.gamma");
        var expected = ReferenceEncoderLayout.ExpectedKeys(config, reference.ContainsKey(ReferenceEncoderLayout.MaskToken), layerScale);
        var unknown = reference.Keys.Where(k => !expected.Contains(k)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
            throw new InvalidDataException($"'{path}': unknown key '{prefix}{unknown[0]}'" + (unknown.Count > 1 ? $" (and {unknown.Count - 1} more: {FirstKeys(unknown.Skip(1))})" : "") +
                $": a Sparsh-skin encoder of dim {config.EmbeddingDim} and depth {config.Depth} has no such weight.");
        var missing = expected.Where(k => !reference.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
            throw new InvalidDataException($"'{path}': missing key '{prefix}{missing[0]}'" + (missing.Count > 1 ? $" (and {missing.Count - 1} more: {FirstKeys(missing.Skip(1))})" : "") +
                $", expected shape [{string.Join(", ", ReferenceEncoderLayout.ExpectedShape(missing[0], config))}].");
        foreach (var (key, tensor) in reference.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            var shape = key.EndsWith(".gamma", StringComparison.Ordinal) ? [config.EmbeddingDim] : ReferenceEncoderLayout.ExpectedShape(key, config);
            if (!tensor.shape.SequenceEqual(shape))
                throw Mismatch(path, prefix, key, tensor, $"[{string.Join(", ", shape)}]");
            if (!tensor.is_floating_point())
                throw new InvalidDataException($"'{path}': key '{prefix}{key}' holds {tensor.dtype} values, expected floating point.");
        }
    }

    private static MagneticChannelStatistics ReadStatistics(string path, string prefix, Dictionary<string, Tensor> reference)
    {
        double[] mean = Values(reference[ReferenceEncoderLayout.FluxMean]), std = Values(reference[ReferenceEncoderLayout.FluxStd]);
        try
        {
            return new MagneticChannelStatistics(mean, std);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"'{path}': keys '{prefix}{ReferenceEncoderLayout.FluxMean}'/'{prefix}{ReferenceEncoderLayout.FluxStd}' are not usable flux statistics: {e.Message}", e);
        }

        static double[] Values(Tensor t) => t.to(ScalarType.Float64).data<double>().ToArray();
    }

    private static Tensor Require(string path, string prefix, Dictionary<string, Tensor> reference, string key, string expected, int rank)
    {
        if (!reference.TryGetValue(key, out var tensor))
            throw new InvalidDataException($"'{path}': missing key '{prefix}{key}', expected shape {expected}.");
        if (tensor.shape.Length != rank) throw Mismatch(path, prefix, key, tensor, expected);
        return tensor;
    }

    private static InvalidDataException Mismatch(string path, string prefix, string key, Tensor tensor, string expected) =>
        new($"'{path}': key '{prefix}{key}' has shape [{string.Join(", ", tensor.shape)}], expected {expected}.");

    private static string FirstKeys(IEnumerable<string> keys)
    {
        var list = keys.Take(9).ToList();
        return string.Join(", ", list.Take(8).Select(k => $"'{k}'")) + (list.Count > 8 ? ", ..." : "");
    }

    [GeneratedRegex(@"^blocks\.(\d+)\.")]
    private static partial Regex BlockIndex();
}
