namespace Sparsh.Trainers.Encoder;

/// <summary>
/// Assembles the encoder's input from window columns: per frame and taxel, 3 normalised flux values then 3 position
/// values ([F, T, 6]); a taxel is valid for a window when it is valid in every frame. Used by pretraining batches
/// and by scoring alike, so both feed the encoder identically.
/// </summary>
public static class EncoderInput
{
    /// <summary>Interleaves flux [F*T*3] and positions [F*T*3] into <paramref name="window"/> [F*T*6].</summary>
    public static void Interleave(ReadOnlySpan<float> magnetic, ReadOnlySpan<float> positions, Span<float> window)
    {
        if (magnetic.Length != positions.Length || window.Length != 2 * magnetic.Length)
            throw new ArgumentException($"Flux ({magnetic.Length}), positions ({positions.Length}) and window ({window.Length}) lengths do not match.");
        for (int i = 0; i < magnetic.Length / 3; i++)
        {
            magnetic.Slice(3 * i, 3).CopyTo(window.Slice(6 * i, 3));
            positions.Slice(3 * i, 3).CopyTo(window.Slice(6 * i + 3, 3));
        }
    }

    /// <summary>Per-taxel validity of a window from per-frame validity [F*T]: true when valid in all frames.</summary>
    public static void ValidInAllFrames(ReadOnlySpan<bool> perFrame, int frames, Span<bool> perTaxel)
    {
        int taxels = perTaxel.Length;
        if (perFrame.Length != frames * taxels)
            throw new ArgumentException($"Validity has {perFrame.Length} values; expected {frames} x {taxels}.");
        perTaxel.Fill(true);
        for (int f = 0; f < frames; f++)
            for (int t = 0; t < taxels; t++)
                perTaxel[t] &= perFrame[f * taxels + t];
    }

    /// <summary>
    /// Whether the encoder can read a window [F*T*6]: every value finite and at least one taxel valid
    /// (<paramref name="perTaxel"/>; empty when the data has no validity, i.e. all valid). A window that fails either would
    /// encode to NaN or to the encoder's response to nothing, so scoring answers NaN for it, in memory and in every
    /// scoring graph (<see cref="SparshSkinEncoderOnnx.NaNWhereUnreadable"/>), rather than a confident number.
    /// </summary>
    public static bool CanEncode(ReadOnlySpan<float> window, ReadOnlySpan<bool> perTaxel)
    {
        foreach (var value in window)
            if (!float.IsFinite(value)) return false;
        return perTaxel.IsEmpty || perTaxel.Contains(true);
    }
}
