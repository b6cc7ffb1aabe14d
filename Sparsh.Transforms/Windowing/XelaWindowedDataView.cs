using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Sparsh.Transforms.Windowing;

/// <summary>
/// Window-per-row view over a frame-per-row view, produced by <see cref="XelaWindowingTransformer"/>: windows are read
/// lazily, in input order. <see cref="Reports"/> counts, per recording, the windows formed and those lost to gaps.
/// </summary>
public sealed class XelaWindowedDataView : IDataView
{
    private readonly IDataView _input;
    private readonly WindowLayout _layout;

    /// <summary>
    /// Lays out the windows of <paramref name="input"/> and counts them per recording, reading its recording id and
    /// timestamp columns once.
    /// </summary>
    /// <exception cref="InvalidDataException">
    /// A recording yields no window (too few frames, or gaps split them into runs shorter than a window), or a timestamp
    /// is not finite or not increasing within its recording; the message names the recording (or the row).
    /// </exception>
    internal XelaWindowedDataView(IDataView input, XelaWindowingOptions options)
    {
        _input = input;
        _layout = Bind(input.Schema, options);
        Reports = CountWindows(input, _layout);
        // A recording without a window would vanish from training and evaluation without a trace.
        var empty = Reports.Where(r => r.Windows == 0).ToList();
        if (empty.Count > 0)
            throw new InvalidDataException(NoWindowMessage(empty, options));
    }

    /// <summary>Per recording, in input order: frames, runs, windows formed and windows lost to gaps (see <see cref="RecordingWindowReport"/>).</summary>
    public IReadOnlyList<RecordingWindowReport> Reports { get; }

    /// <inheritdoc/>
    public bool CanShuffle => false;

    /// <inheritdoc/>
    public DataViewSchema Schema => _layout.Schema;

    /// <inheritdoc/>
    public long? GetRowCount() => null;

    /// <inheritdoc/>
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var active = new HashSet<int>(columnsNeeded.Select(c => c.Index));
        var inputColumns = new List<DataViewSchema.Column> { _layout.RecordingId, _layout.Timestamp };
        inputColumns.AddRange(_layout.PassThrough.Where(p => active.Contains(p.OutputIndex)).Select(p => p.Input));
        inputColumns.AddRange(_layout.Stacked.Where(s => active.Contains(s.OutputIndex)).Select(s => s.Input));
        return new WindowCursor(_input.GetRowCursor(inputColumns), _layout, active);
    }

    /// <inheritdoc/>
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        => [GetRowCursor(columnsNeeded, rand)];

    /// <summary>Validates the input columns and lays out the output schema.</summary>
    internal static WindowLayout Bind(DataViewSchema input, XelaWindowingOptions options)
    {
        var id = input.GetColumnOrNull(options.RecordingIdColumnName)
            ?? throw Missing(input, options.RecordingIdColumnName, "the recording id (text)");
        if (id.Type is not TextDataViewType)
            throw new ArgumentOutOfRangeException(nameof(input), $"Column '{id.Name}' has type {id.Type}; expected text recording ids.");
        var time = input.GetColumnOrNull(options.TimestampColumnName)
            ?? throw Missing(input, options.TimestampColumnName, "frame timestamps in seconds (double)");
        if (time.Type != NumberDataViewType.Double)
            throw new ArgumentOutOfRangeException(nameof(input), $"Column '{time.Name}' has type {time.Type}; expected double timestamps in seconds.");

        var builder = new DataViewSchema.Builder();
        builder.AddColumn(id.Name, id.Type);
        builder.AddColumn(options.WindowStartColumnName, NumberDataViewType.Double);
        int next = 2; // output index of the next column added after id and window start
        var passThrough = new List<(DataViewSchema.Column Input, int OutputIndex)>();
        foreach (string name in XelaWindowingTransformer.PassThroughColumns(options, name => input.GetColumnOrNull(name) != null))
        {
            var column = input.GetColumnOrNull(name) ?? throw Missing(input, name, "a per-recording scalar column to carry to windows");
            if (column.Type is VectorDataViewType)
                throw new ArgumentOutOfRangeException(nameof(input), $"Column '{name}' is a vector; only scalar columns can be carried to windows.");
            passThrough.Add((column, next++));
            builder.AddColumn(column.Name, column.Type, column.Annotations);
        }
        var stacked = new List<StackedColumn>();
        var windowed = options.WindowedColumnNames
            ?? XelaWindowingTransformer.DefaultWindowedColumns(name => input.GetColumnOrNull(name) != null);
        foreach (string name in windowed)
            stacked.Add(StackedColumn.Windowed(RequireVector(input, name, allowBool: true), options.WindowLengthFrames, builder, next++));
        foreach (string name in options.LabelColumnNames)
            stacked.Add(StackedColumn.Label(RequireLabel(input, name), options.LabelAggregation, builder, next++));
        return new WindowLayout(builder.ToSchema(), id, time, passThrough, stacked, options);
    }

    private static RecordingWindowReport[] CountWindows(IDataView input, WindowLayout layout)
    {
        var options = layout.Options;
        var runs = new FrameRuns(layout.Timestamp.Name, options.MaxGapSeconds);
        var tallies = new Dictionary<string, Tally>(StringComparer.Ordinal);
        var inOrder = new List<Tally>();
        Tally? current = null;
        long runFrames = 0, row = -1;
        using var cursor = input.GetRowCursor([layout.RecordingId, layout.Timestamp]);
        var idGetter = cursor.GetGetter<ReadOnlyMemory<char>>(layout.RecordingId);
        var timeGetter = cursor.GetGetter<double>(layout.Timestamp);
        ReadOnlyMemory<char> id = default;
        double time = 0;
        while (cursor.MoveNext())
        {
            row++;
            idGetter(ref id);
            timeGetter(ref time);
            if (runs.StartsRun(id.Span, time, row, out bool newRecording))
            {
                current?.EndRun(runFrames, options);
                runFrames = 0;
                if (newRecording && !tallies.TryGetValue(runs.RecordingId, out current))
                {
                    current = new Tally(runs.RecordingId);
                    tallies.Add(current.RecordingId, current);
                    inOrder.Add(current);
                }
            }
            runFrames++;
            current!.Frames++;
        }
        current?.EndRun(runFrames, options);
        return inOrder.Select(t => t.Report(options)).ToArray();
    }

    /// <summary>Windows of <paramref name="frames"/> consecutive frames without a gap, as <see cref="WindowCursor"/> emits them.</summary>
    private static long WindowsIn(long frames, XelaWindowingOptions options)
        => frames < options.WindowLengthFrames ? 0 : (frames - options.WindowLengthFrames) / options.StrideFrames + 1;

    private static string NoWindowMessage(List<RecordingWindowReport> empty, XelaWindowingOptions options)
    {
        var first = empty[0];
        string why = first.Runs == 1
            ? $"its {first.Frames} frames are fewer than a window's {options.WindowLengthFrames} (WindowLengthFrames)"
            : $"time steps longer than MaxGapSeconds ({options.MaxGapSeconds:R} s) split its {first.Frames} frames into {first.Runs} runs, " +
              $"the longest of {first.LongestRunFrames} frames, fewer than a window's {options.WindowLengthFrames} (WindowLengthFrames)";
        string others = empty.Count == 1 ? ""
            : $" {empty.Count - 1} other recording{(empty.Count == 2 ? "" : "s")} yield none either: {string.Join(", ", empty.Skip(1).Take(5).Select(r => $"'{r.RecordingId}'"))}{(empty.Count > 6 ? ", ..." : "")}.";
        return string.Create(CultureInfo.InvariantCulture,
            $"Recording '{first.RecordingId}' yields no window: {why}. Leave it out, lower WindowLengthFrames or raise MaxGapSeconds.{others}");
    }

    /// <summary>Running counts of one recording while the input is scanned.</summary>
    private sealed class Tally(string recordingId)
    {
        public string RecordingId { get; } = recordingId;
        public long Frames { get; set; }
        private int _runs;
        private long _longestRun, _windows, _framesInShortRuns;

        public void EndRun(long frames, XelaWindowingOptions options)
        {
            _runs++;
            _longestRun = Math.Max(_longestRun, frames);
            _windows += WindowsIn(frames, options);
            if (frames < options.WindowLengthFrames) _framesInShortRuns += frames;
        }

        public RecordingWindowReport Report(XelaWindowingOptions options) => new(RecordingId, Frames, _runs, _longestRun, _windows,
            Math.Max(0, WindowsIn(Frames, options) - _windows), _framesInShortRuns, options.WindowLengthFrames);
    }

    private static DataViewSchema.Column RequireVector(DataViewSchema input, string name, bool allowBool)
    {
        var column = input.GetColumnOrNull(name) ?? throw Missing(input, name,
            name == Xela.XelaColumnNames.JointAngles
                ? "joint angles (the joint stream is missing; leave JointAngles out of WindowedColumnNames for a fixed hand)"
                : "a per-frame vector column");
        if (column.Type is not VectorDataViewType { IsKnownSize: true } vector
            || !(vector.ItemType == NumberDataViewType.Single || (allowBool && vector.ItemType == BooleanDataViewType.Instance)))
            throw new ArgumentOutOfRangeException(nameof(input),
                $"Column '{name}' has type {column.Type}; expected a known-size float{(allowBool ? " or bool" : "")} vector per frame.");
        return column;
    }

    private static DataViewSchema.Column RequireLabel(DataViewSchema input, string name)
    {
        var column = input.GetColumnOrNull(name) ?? throw Missing(input, name, "a per-frame label (float or float vector)");
        if (column.Type == NumberDataViewType.Single) return column;
        return RequireVector(input, name, allowBool: false);
    }

    private static ArgumentOutOfRangeException Missing(DataViewSchema input, string name, string what) => new(nameof(input),
        $"Input column '{name}' not found; expected {what}. Available columns: {string.Join(", ", input.Select(c => c.Name))}.");
}
