using Sparsh.Trainers.Encoder;
using Sparsh.Trainers.Objectives;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Pretraining;

/// <summary>
/// The masked-autoencoder baseline: the encoder sees a random subset of the taxels (25% by default) and a light
/// decoder reconstructs the normalised flux of the hidden ones.
/// </summary>
internal sealed class MaskedAutoencoderModel : PretrainingObjectiveModel
{
    private readonly SparshSkinEncoder encoder;
    private readonly MaeDecoder decoder;
    private readonly double _maskRatio;

    /// <summary>Builds encoder and decoder from torch's current random state.</summary>
    public MaskedAutoencoderModel(SparshSkinEncoderConfig config, double maskRatio) : base(nameof(MaskedAutoencoderModel))
    {
        KeptTaxels(maskRatio, config.TaxelCount);
        _maskRatio = maskRatio;
        encoder = new SparshSkinEncoder(config);
        int decoderDim = Math.Max(16, config.EmbeddingDim / 2 / config.Heads * config.Heads);
        decoder = new MaeDecoder("decoder", config.EmbeddingDim, decoderDim, config.Heads, 1, config.TaxelCount, config.FrameCount * config.MagneticChannels);
        RegisterComponents();
    }

    /// <summary>Taxels the encoder sees when <paramref name="maskRatio"/> of <paramref name="taxelCount"/> are hidden.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The ratio hides none of the taxels or keeps none (the loss would be 0 / 0).</exception>
    public static int KeptTaxels(double maskRatio, int taxelCount)
    {
        int kept = maskRatio is > 0 and < 1 ? (int)Math.Round((1 - maskRatio) * taxelCount) : -1;
        if (kept < 1 || kept >= taxelCount)
            throw new ArgumentOutOfRangeException(nameof(SparshPretrainingOptions.MaeMaskRatio),
                $"MaeMaskRatio must hide at least one of the {taxelCount} taxels and keep at least one (between {0.5 / taxelCount:G3} and " +
                $"{1 - 0.5 / taxelCount:G4}), got {maskRatio}.");
        return kept;
    }

    /// <inheritdoc/>
    public override SparshSkinEncoder InferenceEncoder => encoder;

    /// <inheritdoc/>
    public override IEnumerable<(string Name, Parameter Parameter)> TrainableParameters
        => named_parameters().Select(p => (p.name, p.parameter));

    /// <inheritdoc/>
    public override PretrainingLosses Losses(PretrainingBatch batch, PretrainingStepContext context)
    {
        using var scope = NewDisposeScope();
        var config = encoder.Config;
        int b = (int)batch.Windows.shape[0], t = config.TaxelCount;
        int keepCount = KeptTaxels(_maskRatio, t);
        var keep = new long[b * keepCount];
        var hidden = new bool[b * t];
        var order = new int[t];
        for (int s = 0; s < b; s++)
        {
            for (int i = 0; i < t; i++) order[i] = i;
            context.Random.Shuffle(order);
            Array.Sort(order, 0, keepCount);
            for (int i = 0; i < keepCount; i++) keep[s * keepCount + i] = order[i];
            for (int i = keepCount; i < t; i++) hidden[s * t + order[i]] = true;
        }
        var device = batch.Windows.device;
        var keepTensor = torch.tensor(keep, [b, keepCount]).to(device);
        var output = encoder.Encode(batch.Windows, keepTensor, batch.Validity);
        var prediction = decoder.Forward(output.Register, output.Tokens, keepTensor);
        var target = batch.Windows.narrow(3, 0, config.MagneticChannels).permute(0, 2, 1, 3).reshape(b, t, -1);
        var masked = torch.tensor(hidden, [b, t]).to(device).logical_and(batch.Validity);
        var loss = MaeReconstructionLoss.Compute(prediction, target, masked);
        var terms = new Dictionary<string, double> { ["mae"] = loss.item<float>() };
        return new PretrainingLosses(loss.MoveToOuterDisposeScope(), terms, double.NaN);
    }
}
