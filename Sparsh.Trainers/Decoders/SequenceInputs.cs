using Microsoft.ML;
using Sparsh.Trainers.Encoder;
using Sparsh.Trainers.Pretraining;
using Sparsh.Transforms.Core;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Decoders;

/// <summary>
/// What the temporal model reads per window, held in memory: the encoder's tokens (Frozen; on the device once, for every
/// epoch) or the encoder's input windows (FineTune, EndToEnd; assembled per batch).
/// </summary>
internal sealed class SequenceInputs : ISequenceInputs
{
    private readonly Tensor? _tokens;       // Frozen: [rows, T, D]
    private readonly WindowSet? _windows;   // FineTune/EndToEnd
    private readonly Device _device;

    private SequenceInputs(Tensor? tokens, WindowSet? windows, int rows, Device device)
        => (_tokens, _windows, Rows, _device) = (tokens, windows, rows, device);

    /// <summary>Windows read.</summary>
    public int Rows { get; }

    /// <summary>Frozen: the tokens column [tokens, width]; otherwise the window columns the encoder of <paramref name="config"/> reads.</summary>
    public static SequenceInputs Read(IDataView input, DecoderTrainingOptions options, SparshSkinEncoderConfig? config, Device device)
    {
        if (config is not null)
        {
            var windows = WindowSet.Read(input, config, options.EncoderColumns);
            return new SequenceInputs(null, windows, windows.Count, device);
        }
        var (tokenCount, width) = AttentivePoolerRegressorEstimator.TokenShape(input.Schema, options.TokensColumnName);
        var (rows, values) = DataViewReader.ReadFloatColumns(input, options.TokensColumnName);
        return new SequenceInputs(tensor(values[0], [rows, tokenCount, width]).to(device), null, rows, device);
    }

    /// <summary>The model input for <paramref name="rows"/> laid out as [sequences, steps, ...]: tokens, or windows and taxel validity.</summary>
    public (Tensor Input, Tensor? Validity) Gather(long[] rows, int sequences)
    {
        if (_tokens is not null)
        {
            var tokens = _tokens.index_select(0, tensor(rows, device: _device));
            return (tokens.reshape([sequences, -1, .. tokens.shape[1..]]), null);
        }
        var batch = _windows!.Batch(rows.Select(r => (int)r).ToArray(), _device);
        return (batch.Windows.reshape([sequences, -1, .. batch.Windows.shape[1..]]), batch.Validity.reshape(sequences, -1, batch.Validity.shape[^1]));
    }

    /// <inheritdoc/>
    public void Dispose() => _tokens?.Dispose();
}
