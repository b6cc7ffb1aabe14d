using static TorchSharp.torch;

namespace Sparsh.Trainers.Decoders;

/// <summary>
/// What a sequence model reads per window, held in memory and gathered into batches of sequences: encoder tokens or
/// windows for the temporal decoder (<see cref="SequenceInputs"/>), raw flux for the HiSS baseline.
/// </summary>
internal interface ISequenceInputs : IDisposable
{
    /// <summary>Windows read.</summary>
    int Rows { get; }

    /// <summary>The model input for <paramref name="rows"/> laid out as [sequences, steps, ...], and its taxel validity (or null).</summary>
    (Tensor Input, Tensor? Validity) Gather(long[] rows, int sequences);
}
