using Sparsh.Trainers.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Decoders;

/// <summary>
/// Batches of whole sequences for the supervised loop, shared by the temporal decoder and HiSS: sequences padded to the
/// full length by repeating their first window; padded steps take the target as prediction so they add no loss (the
/// models are causal, so padding after a sequence never changes its real steps).
/// </summary>
internal sealed class PaddedSequenceBatches : SplitBatchSource, IDisposable
{
    private readonly nn.Module<Tensor, Tensor?, Tensor> _model;
    private readonly ISequenceInputs _inputs;
    private readonly long[] _rows;     // [sequences * L] window rows
    private readonly int _length;
    private readonly Tensor _labels;   // [sequences, L, outputs]
    private readonly Tensor _present;  // [sequences, L, 1] bool

    public PaddedSequenceBatches(nn.Module<Tensor, Tensor?, Tensor> model, SequenceData data, int[] train, int[] validation, int length, Device device)
        : base(train, validation)
    {
        (_model, _inputs, _length) = (model, data.Inputs, length);
        int count = data.Sequences.Count;
        _rows = new long[count * length];
        var labels = new float[count * length * data.Outputs];
        var present = new bool[count * length];
        for (int s = 0; s < count; s++)
        {
            var sequence = data.Sequences[s];
            for (int step = 0; step < length; step++)
            {
                bool real = step < sequence.Length;
                int row = sequence[real ? step : 0];
                _rows[s * length + step] = row;
                present[s * length + step] = real;
                if (real) data.Labels.AsSpan(row * data.Outputs, data.Outputs).CopyTo(labels.AsSpan((s * length + step) * data.Outputs));
            }
        }
        _labels = tensor(labels, [count, length, data.Outputs]).to(device);
        _present = tensor(present, [count, length, 1]).to(device);
    }

    protected override (Tensor Prediction, Tensor Target) Forward(long[] sequences)
    {
        var windowRows = sequences.SelectMany(s => _rows.AsSpan((int)s * _length, _length).ToArray()).ToArray();
        var (input, validity) = _inputs.Gather(windowRows, sequences.Length);
        var selected = tensor(sequences, device: _labels.device);
        var target = _labels.index_select(0, selected);
        var prediction = _model.forward(input, validity);
        return (where(_present.index_select(0, selected), prediction, target), target);
    }

    public void Dispose()
    {
        _labels.Dispose();
        _present.Dispose();
    }
}
