using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Trainers.Encoder;
using Sparsh.Transforms.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Decoders;

/// <summary>A windowed view read into memory for a sequence model (temporal decoder, HiSS): model inputs, labels, groups and the sequences of rows.</summary>
internal sealed class SequenceData : IDisposable
{
    public required ISequenceInputs Inputs { get; init; }
    public required int Outputs { get; init; }
    public required float[] Labels { get; init; }
    public required string[] Groups { get; init; }
    public required IReadOnlyList<int[]> Sequences { get; init; }

    public int Rows => Inputs.Rows;

    /// <summary>Reads tokens (<paramref name="config"/> null, Frozen) or encoder windows, plus labels when training.</summary>
    public static SequenceData Read(IDataView input, TemporalDecoderRegressorOptions options, SparshSkinEncoderConfig? config, Device device,
        bool requireLabels, int outputs = 0)
        => Read(input, options, requireLabels, outputs, () => SequenceInputs.Read(input, options, config, device));

    /// <summary>
    /// Reads groups, start times and (when training) labels, cuts the windows into sequences, then reads the model inputs
    /// with <paramref name="readInputs"/> (after the cheap checks, so a bad group or time column fails before the big read).
    /// </summary>
    public static SequenceData Read(IDataView input, IWindowSequenceOptions options, bool requireLabels, int outputs, Func<ISequenceInputs> readInputs)
    {
        string[] groups = DataViewReader.ReadTextColumn(input, options.GroupColumnName);
        if (groups.Length == 0) throw new InvalidOperationException($"No windows in the input (column '{options.GroupColumnName}' is empty).");
        double[] starts = ReadDoubles(input, options.WindowStartColumnName);
        float[] labels = [];
        if (requireLabels)
        {
            (_, var values) = DataViewReader.ReadFloatColumns(input, options.LabelColumnName);
            labels = values[0];
            outputs = labels.Length / groups.Length;
        }
        var sequences = WindowSequences.Build(groups, starts, options.SequenceLengthWindows, options.GapFactor);
        return new SequenceData
        {
            Inputs = readInputs(),
            Outputs = outputs,
            Labels = labels,
            Groups = groups,
            Sequences = sequences,
        };
    }

    private static double[] ReadDoubles(IDataView input, string name)
    {
        var column = input.Schema.GetColumnOrNull(name) ?? throw new ArgumentOutOfRangeException(nameof(name),
            $"Column '{name}' not found; expected window start times in seconds (double).");
        if (column.Type != NumberDataViewType.Double)
            throw new ArgumentOutOfRangeException(nameof(name), $"Column '{name}' has type {column.Type}; expected double seconds.");
        var values = input.GetColumn<double>(column).ToArray();
        int bad = Array.FindIndex(values, v => !double.IsFinite(v));
        if (bad >= 0) throw new InvalidDataException($"Column '{name}', row {bad}: window start {values[bad]} is not a finite number of seconds.");
        return values;
    }

    /// <summary>
    /// Scores every window with a causal sequence model, each sequence in one forward pass: row-major scores
    /// (rows x <paramref name="outputs"/>) in the view's row order.
    /// </summary>
    public float[] Score(nn.Module<Tensor, Tensor?, Tensor> model, int outputs)
    {
        var scores = new float[Rows * outputs];
        using var noGrad = no_grad();
        foreach (var sequence in Sequences)
        {
            using var scope = NewDisposeScope();
            var (input, validity) = Inputs.Gather(sequence.Select(r => (long)r).ToArray(), sequences: 1);
            var output = model.forward(input, validity).cpu().data<float>().ToArray();
            for (int step = 0; step < sequence.Length; step++)
                output.AsSpan(step * outputs, outputs).CopyTo(scores.AsSpan(sequence[step] * outputs));
        }
        return scores;
    }

    public void Dispose() => Inputs.Dispose();
}
