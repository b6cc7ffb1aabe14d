using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Transforms.Core;

namespace Sparsh.Trainers.Decoders;

/// <summary>A windowed view read into memory for the temporal decoder: tokens, labels, groups, start times and sequences.</summary>
internal sealed class SequenceData
{
    public required int Rows { get; init; }
    public required int TokenCount { get; init; }
    public required int Width { get; init; }
    public required int Outputs { get; init; }
    public required float[] Tokens { get; init; }
    public required float[] Labels { get; init; }
    public required string[] Groups { get; init; }
    public required IReadOnlyList<int[]> Sequences { get; init; }

    public static SequenceData Read(IDataView input, TemporalDecoderRegressorOptions options, bool requireLabels, int outputs = 0)
    {
        var (tokenCount, width) = AttentivePoolerRegressorEstimator.TokenShape(input.Schema, options.TokensColumnName);
        var columns = requireLabels ? new[] { options.TokensColumnName, options.LabelColumnName } : [options.TokensColumnName];
        var (rows, values) = DataViewReader.ReadFloatColumns(input, columns);
        if (rows == 0) throw new InvalidOperationException($"No windows in column '{options.TokensColumnName}'.");
        string[] groups = DataViewReader.ReadTextColumn(input, options.GroupColumnName);
        double[] starts = ReadDoubles(input, options.WindowStartColumnName);
        return new SequenceData
        {
            Rows = rows,
            TokenCount = tokenCount,
            Width = width,
            Outputs = requireLabels ? values[1].Length / rows : outputs,
            Tokens = values[0],
            Labels = requireLabels ? values[1] : [],
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
        return input.GetColumn<double>(column).ToArray();
    }
}
