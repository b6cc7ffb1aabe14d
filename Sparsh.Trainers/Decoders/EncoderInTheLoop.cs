using Sparsh.Trainers.Encoder;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Decoders;

/// <summary>
/// FineTune and EndToEnd, for every decoder: which encoder to build, where its weights come from, the learning rate of
/// each parameter group, and how windows become the tokens a decoder reads.
/// </summary>
internal static class EncoderInTheLoop
{
    private static readonly Lock InitializationGate = new();

    /// <summary>FineTune: the pretrained encoder's architecture; EndToEnd: the configured one, else the pretrained one's, else Micro.</summary>
    public static SparshSkinEncoderConfig Config(DecoderTrainingOptions options) => options.Mode == DecoderMode.FineTune
        ? (options.Encoder ?? throw new ArgumentException(
            "Mode FineTune needs Options.Encoder: the pretrained encoder module (e.g. the Encoder of the transformer that Pretrain(...).Fit returned)."))
          .Config
        : options.EncoderConfig ?? options.Encoder?.Config ?? SparshSkinEncoderConfig.ForSize(SparshSkinEncoderSize.Micro);

    /// <summary>
    /// Creates modules with libtorch's generator seeded first. The generator is process-wide: without the gate, decoders
    /// fitted in parallel (sweep trials) could interleave seeding and initialisation and lose reproducibility by seed.
    /// </summary>
    public static T Seeded<T>(int seed, Func<T> create)
    {
        lock (InitializationGate)
        {
            random.manual_seed(seed);
            return create();
        }
    }

    /// <summary>FineTune: copies the pretrained weights into the encoder being trained (the caller's module is never changed).</summary>
    public static void StartFromPretrained(DecoderTrainingOptions options, SparshSkinEncoder encoder)
    {
        if (options.Mode != DecoderMode.FineTune) return;
        using var noGrad = no_grad();
        var weights = options.Encoder!.state_dict();
        foreach (var (name, value) in encoder.state_dict()) value.copy_(weights[name]);
    }

    /// <summary>FineTune: the encoder at its own, lower learning rate; EndToEnd: everything at the decoder's.</summary>
    public static List<(IEnumerable<Parameter> Parameters, double LearningRate)> ParameterGroups(
        DecoderTrainingOptions options, SparshSkinEncoder encoder, nn.Module decoder)
        => options.Mode == DecoderMode.FineTune
            ? [(encoder.parameters(), options.EncoderLearningRate ?? options.LearningRate / 10), (decoder.parameters(), options.LearningRate)]
            : [(encoder.parameters().Concat(decoder.parameters()), options.LearningRate)];

    /// <summary>
    /// Windows [..., F, T, 6] and taxel validity [..., T] (or null) -> decoder tokens [..., 1 + T, D] (global token first) and
    /// the matching key mask (null without validity). Any leading dimensions: [B] for one window per row, [B, S] for sequences.
    /// </summary>
    public static (Tensor Tokens, Tensor? Keys) Encode(SparshSkinEncoder encoder, Tensor windows, Tensor? validity)
    {
        var leading = windows.shape[..^3];
        var output = encoder.Encode(windows.reshape([-1, .. windows.shape[^3..]]), validity: validity?.reshape(-1, validity.shape[^1]));
        var tokens = cat([output.Register.unsqueeze(1), output.Tokens], 1);
        tokens = tokens.reshape([.. leading, .. tokens.shape[^2..]]);
        if (validity is null) return (tokens, null);
        var keys = cat([ones([.. leading, 1], dtype: ScalarType.Bool, device: validity.device), validity.to(ScalarType.Bool)], -1);
        return (tokens, keys);
    }
}
