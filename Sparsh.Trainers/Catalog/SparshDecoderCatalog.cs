using Sparsh.Trainers.Decoders;
using Sparsh.Trainers.Hiss;
using Sparsh.Trainers.LinearProbe;

namespace Sparsh;

/// <summary>
/// The decoders of <c>mlContext.Sparsh()</c> (Sparsh.Trainers, TorchSharp): the attentive-pooler and temporal decoders,
/// the supervised HiSS baseline and the linear probe.
/// </summary>
public static class SparshDecoderCatalog
{
    /// <summary>Attentive-pooler decoder: one learned query over the encoder's tokens -> MLP -> label vector (e.g. force [3]).</summary>
    /// <param name="catalog">The catalog (<c>mlContext.Sparsh()</c>).</param>
    /// <param name="options">Mode, encoder, columns and training (null: defaults).</param>
    public static AttentivePoolerRegressorEstimator AttentivePoolerRegressor(this SparshCatalog catalog, AttentivePoolerRegressorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(catalog.Context, options ?? new AttentivePoolerRegressorOptions());
    }

    /// <summary>Temporal decoder: sequences of windows (10 s by default) -> pooled per window -> causal transformer -> per-window estimates.</summary>
    /// <param name="catalog">The catalog (<c>mlContext.Sparsh()</c>).</param>
    /// <param name="options">Mode, encoder, sequences, columns and training (null: defaults).</param>
    public static TemporalDecoderRegressorEstimator TemporalDecoderRegressor(this SparshCatalog catalog, TemporalDecoderRegressorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(catalog.Context, options ?? new TemporalDecoderRegressorOptions());
    }

    /// <summary>
    /// The supervised HiSS baseline: a low-level LSTM over each window's raw flux frames, a high-level LSTM over the windows'
    /// summaries, a per-window head; trained on labels only, with the temporal decoder's columns and sequences.
    /// </summary>
    /// <param name="catalog">The catalog (<c>mlContext.Sparsh()</c>).</param>
    /// <param name="options">Sizes, sequences, columns and training (null: defaults).</param>
    public static HissRegressorEstimator HissRegressor(this SparshCatalog catalog, HissRegressorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(catalog.Context, options ?? new HissRegressorOptions());
    }

    /// <summary>A multi-output linear probe trained in TorchSharp (e.g. force from pooled embeddings).</summary>
    /// <param name="catalog">The catalog (<c>mlContext.Sparsh()</c>).</param>
    /// <param name="options">Columns and training (null: defaults).</param>
    public static LinearProbeEstimator LinearProbe(this SparshCatalog catalog, LinearProbeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(catalog.Context, options ?? new LinearProbeOptions());
    }
}
