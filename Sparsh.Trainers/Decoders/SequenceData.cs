using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Trainers.Encoder;
using Sparsh.Transforms.Core;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Decoders;

/// <summary>A windowed view read into memory for the temporal decoder: model inputs, labels, groups and the sequences of rows.</summary>
internal sealed class SequenceData : IDisposable
{
    public required SequenceInputs Inputs { get; init; }
    public required int Outputs { get; init; }
    public required float[] Labels { get; init; }
    public required string[] Groups { get; init; }
    public required IReadOnlyList<int[]> Sequences { get; init; }

    public int Rows => Inputs.Rows;

    /// <summary>Reads tokens (<paramref name="config"/> null, Frozen) or encoder windows, plus labels when training.</summary>
    public static SequenceData Read(IDataView input, TemporalDecoderRegressorOptions options, SparshSkinEncoderConfig? config, Device device,
        bool requireLabels, int outputs = 0)
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
        return new SequenceData
        {
            Inputs = SequenceInputs.Read(input, options, config, device),
            Outputs = outputs,
            Labels = labels,
            Groups = groups,
            Sequences = WindowSequences.Build(groups, starts, options.SequenceLengthWindows, options.GapFactor),
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

    public void Dispose() => Inputs.Dispose();
}
