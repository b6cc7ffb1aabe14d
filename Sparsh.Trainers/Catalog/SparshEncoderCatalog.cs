using Sparsh.Trainers.Decoders;
using Sparsh.Trainers.Encoder;
using Sparsh.Trainers.OnnxImport;
using Sparsh.Trainers.Pretraining;
using Sparsh.Trainers.PyTorchImport;
using Sparsh.Transforms.Hand;
using Sparsh.Transforms.Normalization;
using Sparsh.Transforms.Preprocessing;

namespace Sparsh;

/// <summary>
/// The encoder's part of <c>mlContext.Sparsh()</c> (Sparsh.Trainers, TorchSharp): pretraining, loading an encoder from a
/// checkpoint, a model zip or the reference PyTorch code, and writing it back for PyTorch.
/// </summary>
public static class SparshEncoderCatalog
{
    /// <summary>
    /// Pretrains a Sparsh-skin encoder on windows (self-distillation by default; MAE or none as baselines). Fit returns an
    /// encoder transformer that adds <c>Embedding</c> [D] and <c>Tokens</c> [369, D]. Presets:
    /// <see cref="SparshPretrainingOptions.Cpu"/>, <see cref="SparshPretrainingOptions.Full"/>.
    /// </summary>
    /// <param name="catalog">The catalog (<c>mlContext.Sparsh()</c>).</param>
    /// <param name="options">The pretraining recipe.</param>
    public static SparshPretrainingEstimator Pretrain(this SparshCatalog catalog, SparshPretrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(catalog.Context, options);
    }

    /// <summary>Loads the encoder of a pretraining checkpoint as a transformer (format: docs/pretraining.md).</summary>
    /// <param name="catalog">The catalog (<c>mlContext.Sparsh()</c>).</param>
    /// <param name="checkpointPath">A checkpoint written by pretraining.</param>
    /// <param name="columns">Input and output column names (null: defaults).</param>
    public static SparshSkinEncoderTransformer Encoder(this SparshCatalog catalog, string checkpointPath, SparshSkinEncoderColumns? columns = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return SparshSkinEncoderTransformer.Load(checkpointPath, columns);
    }

    /// <summary>
    /// An encoder module as a transformer that adds <c>Embedding</c> [D] and <c>Tokens</c> [369, D]: a freshly initialised
    /// <see cref="SparshSkinEncoder"/>, one from <see cref="ReferenceEncoderCheckpoint.CreateEncoder"/>, or a fine-tuned
    /// decoder's encoder. The transformer uses the module as it is (no copy); disposing the transformer disposes it.
    /// </summary>
    /// <param name="catalog">The catalog (<c>mlContext.Sparsh()</c>).</param>
    /// <param name="encoder">The encoder module.</param>
    /// <param name="columns">Input and output column names (null: defaults).</param>
    public static SparshSkinEncoderTransformer Encoder(this SparshCatalog catalog, SparshSkinEncoder encoder, SparshSkinEncoderColumns? columns = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(encoder);
        return new(encoder, columns);
    }

    /// <summary>
    /// The encoder of a saved model zip (e.g. the deployed raw-window-to-force chain) as a transformer, rebuilt from the
    /// zip's ONNX graph with identical weights: its <c>Encoder</c> is trainable again, e.g. as the start of a
    /// <see cref="DecoderMode.FineTune"/> decoder (docs/deployment.md, "Back to training").
    /// </summary>
    /// <param name="catalog">The catalog (<c>mlContext.Sparsh()</c>).</param>
    /// <param name="zipPath">A model zip saved with an encoder inside.</param>
    /// <param name="columns">Input and output column names (null: defaults).</param>
    public static SparshSkinEncoderTransformer EncoderFromModelZip(this SparshCatalog catalog, string zipPath, SparshSkinEncoderColumns? columns = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(SparshModelZip.ReadEncoder(zipPath), columns);
    }

    /// <summary>
    /// Reads an encoder checkpoint of the reference PyTorch code (Meta's released <c>xela_sparshskin_tiny.pth</c>, or any
    /// <c>.pth</c>/<c>.pt</c>/<c>.safetensors</c> state dict of its <c>XelaTransformer</c>): the architecture it implies, its
    /// flux statistics (give them to <see cref="SparshDataCatalog.XelaNormalization"/> through
    /// <see cref="XelaNormalizationOptions"/>) and <c>CreateEncoder()</c>. Mapping and errors: docs/pretrained-encoder.md.
    /// </summary>
    /// <param name="catalog">The catalog (<c>mlContext.Sparsh()</c>).</param>
    /// <param name="path">The checkpoint file.</param>
    /// <param name="heads">The attention head count, which a state dict does not store (null: the reference's count for its sizes).</param>
    /// <param name="hand">The hand the checkpoint was trained on (null: the built-in hand).</param>
    public static ReferenceEncoderCheckpoint PyTorchEncoderCheckpoint(this SparshCatalog catalog, string path, int? heads = null, HandModel? hand = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return ReferenceEncoderCheckpoint.Read(path, heads, hand);
    }

    /// <summary>
    /// The encoder of a reference PyTorch checkpoint as a transformer (adds <c>Embedding</c> and <c>Tokens</c>); its windows
    /// must be normalised with the checkpoint's statistics (<see cref="PyTorchEncoderCheckpoint"/>'s <c>Statistics</c>).
    /// </summary>
    /// <param name="catalog">The catalog (<c>mlContext.Sparsh()</c>).</param>
    /// <param name="path">The checkpoint file.</param>
    /// <param name="heads">The attention head count (null: the reference's count for its sizes).</param>
    /// <param name="columns">Input and output column names (null: defaults).</param>
    public static SparshSkinEncoderTransformer EncoderFromPyTorch(this SparshCatalog catalog, string path, int? heads = null,
        SparshSkinEncoderColumns? columns = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        using var checkpoint = ReferenceEncoderCheckpoint.Read(path, heads);
        return new(checkpoint.CreateEncoder(), columns);
    }

    /// <summary>
    /// Writes <paramref name="encoder"/> under the reference PyTorch code's names and shapes (<c>.safetensors</c>, or
    /// <c>torch.save</c>'s format for <c>.pth</c>/<c>.pt</c>), so a Python user loads it into the reference
    /// <c>XelaTransformer</c>; <paramref name="statistics"/> become its <c>xela_mean</c>/<c>xela_std</c>.
    /// </summary>
    /// <param name="catalog">The catalog (<c>mlContext.Sparsh()</c>).</param>
    /// <param name="encoder">The encoder to write.</param>
    /// <param name="path">The file to write; its extension chooses the format.</param>
    /// <param name="statistics">The flux statistics the encoder's inputs were normalised with (null: none written).</param>
    public static void SaveEncoderForPyTorch(this SparshCatalog catalog, SparshSkinEncoder encoder, string path, MagneticChannelStatistics? statistics = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ReferenceEncoderCheckpoint.Write(encoder, path, statistics);
    }
}
