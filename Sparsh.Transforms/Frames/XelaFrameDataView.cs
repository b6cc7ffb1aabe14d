using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Transforms.Core;
using Sparsh.Transforms.Hand;
using Sparsh.Transforms.Preprocessing;
using Sparsh.Transforms.Xela;

namespace Sparsh.Transforms.Frames;

/// <summary>
/// One row per aligned 100 Hz frame of one or more recordings: the input of <c>XelaWindowing</c>.
/// Columns: RecordingId, SkinId, TimestampSeconds, Magnetic [368, 3] raw counts (0 = invalid),
/// Validity [368], JointAngles [16] (when the recordings have joints) and one column per label stream.
/// Frames inside a stream gap (<see cref="AlignedRecording.FrameOk"/> false) are not emitted; the time
/// jump they leave makes windowing start a new run, so no window spans a gap. <see cref="Reports"/> counts them per
/// recording, and a recording left with no frame is an error.
/// </summary>
public sealed class XelaFrameDataView : IDataView
{
    private readonly IReadOnlyList<AlignedRecording> _recordings;
    private readonly bool _hasJoints;
    private readonly string[] _labelNames;

    /// <summary>Exposes the recordings as frames; taxel slot names come from <paramref name="hand"/> (built-in Allegro + XELA by default).</summary>
    internal XelaFrameDataView(IReadOnlyList<AlignedRecording> recordings, HandModel? hand = null)
    {
        if (recordings.Count == 0) throw new ArgumentException("At least one recording is needed.", nameof(recordings));
        hand ??= HandModel.AllegroXela;
        _recordings = recordings;
        _hasJoints = recordings[0].Joints != null;
        _labelNames = recordings[0].Labels.Keys.Order(StringComparer.Ordinal).ToArray();
        Reports = recordings.Select(RecordingFrameReport.Of).ToArray();
        // A recording with no frame left would vanish from the data without a trace.
        if (Reports.FirstOrDefault(r => r.FramesKept == 0) is { } empty)
            throw new InvalidDataException(
                $"{empty}: every frame falls in a gap of some stream, so the recording would contribute nothing. " +
                "Check its timestamps and that its joint and label streams hold numbers (NaN or infinite samples are removed).");
        foreach (var recording in recordings)
        {
            if ((recording.Joints != null) != _hasJoints)
                throw new ArgumentException(
                    $"Recording '{recording.Id}' {(_hasJoints ? "has no joint stream" : "has a joint stream")} but recording '{recordings[0].Id}' " +
                    $"{(_hasJoints ? "has one" : "does not")}; all recordings in one view need the same streams.", nameof(recordings));
            var names = recording.Labels.Keys.Order(StringComparer.Ordinal).ToArray();
            if (!names.SequenceEqual(_labelNames))
                throw new ArgumentException(
                    $"Recording '{recording.Id}' has labels [{string.Join(", ", names)}]; expected [{string.Join(", ", _labelNames)}] as in '{recordings[0].Id}'.", nameof(recordings));
        }

        var builder = new DataViewSchema.Builder();
        builder.AddColumn(XelaColumnNames.RecordingId, TextDataViewType.Instance);
        builder.AddColumn(FrameColumns.SkinId, TextDataViewType.Instance);
        builder.AddColumn(XelaColumnNames.TimestampSeconds, NumberDataViewType.Double);
        builder.AddColumn(XelaColumnNames.Magnetic, new VectorDataViewType(NumberDataViewType.Single, XelaSkin.TaxelCount, XelaSkin.AxisCount),
            SlotNames.Create(hand.TaxelSlotNames()));
        builder.AddColumn(XelaColumnNames.Validity, new VectorDataViewType(BooleanDataViewType.Instance, XelaSkin.TaxelCount),
            SlotNames.Create(hand.Taxels.Select(t => t.Name).ToArray()));
        if (_hasJoints)
            builder.AddColumn(XelaColumnNames.JointAngles, new VectorDataViewType(NumberDataViewType.Single, XelaSkin.JointCount),
                SlotNames.Create(hand.Joints.Select(j => j.Name).ToArray()));
        foreach (string name in _labelNames)
            builder.AddColumn(name, new VectorDataViewType(NumberDataViewType.Single, recordings[0].Labels[name].Width));
        Schema = builder.ToSchema();
    }

    /// <summary>Per recording, the frames kept and what was dropped or removed (see <see cref="RecordingFrameReport"/>).</summary>
    public IReadOnlyList<RecordingFrameReport> Reports { get; }

    /// <inheritdoc/>
    public bool CanShuffle => false;

    /// <inheritdoc/>
    public DataViewSchema Schema { get; }

    /// <inheritdoc/>
    public long? GetRowCount() => _recordings.Sum(r => (long)r.FrameOk.Count(ok => ok));

    /// <inheritdoc/>
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
        => new FrameCursor(this, new HashSet<int>(columnsNeeded.Select(c => c.Index)));

    /// <inheritdoc/>
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        => [GetRowCursor(columnsNeeded, rand)];

    private sealed class FrameCursor : DataViewRowCursor
    {
        private readonly XelaFrameDataView _view;
        private readonly Delegate?[] _getters;
        private int _recording;
        private int _frame = -1;
        private long _position = -1;

        public FrameCursor(XelaFrameDataView view, HashSet<int> active)
        {
            _view = view;
            _getters = new Delegate?[view.Schema.Count];
            foreach (int index in active) _getters[index] = CreateGetter(view.Schema[index]);
        }

        private AlignedRecording Current => _view._recordings[_recording];

        public override DataViewSchema Schema => _view.Schema;
        public override long Position => _position;
        public override long Batch => 0;

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);

        public override bool IsColumnActive(DataViewSchema.Column column) => _getters[column.Index] != null;

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
            => _getters[column.Index] as ValueGetter<TValue>
               ?? throw new InvalidOperationException($"Column '{column.Name}' was not requested from this cursor, or is not {typeof(TValue).Name}.");

        public override bool MoveNext()
        {
            while (_recording < _view._recordings.Count)
            {
                if (++_frame < Current.FrameCount)
                {
                    if (!Current.FrameOk[_frame]) continue;
                    _position++;
                    return true;
                }
                _recording++;
                _frame = -1;
            }
            return false;
        }

        private Delegate CreateGetter(DataViewSchema.Column column) => column.Name switch
        {
            XelaColumnNames.RecordingId => (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> v) => v = Current.Id.AsMemory()),
            FrameColumns.SkinId => (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> v) => v = (Current.SkinId ?? "").AsMemory()),
            XelaColumnNames.TimestampSeconds => (ValueGetter<double>)((ref double v) => v = Current.TimestampsSeconds[_frame]),
            XelaColumnNames.Magnetic => VectorGetter(() => Current.Magnetic, XelaSkin.ValuesPerFrame),
            XelaColumnNames.JointAngles => VectorGetter(() => Current.Joints!, XelaSkin.JointCount),
            XelaColumnNames.Validity => (ValueGetter<VBuffer<bool>>)((ref VBuffer<bool> v) =>
            {
                var editor = VBufferEditor.Create(ref v, XelaSkin.TaxelCount);
                var frame = Current.MagneticFrame(_frame);
                for (int t = 0; t < XelaSkin.TaxelCount; t++)
                    editor.Values[t] = frame[3 * t] != 0f && frame[3 * t + 1] != 0f && frame[3 * t + 2] != 0f;
                v = editor.Commit();
            }),
            var label => VectorGetter(() => Current.Labels[label].Values, Current.Labels[label].Width),
        };

        private ValueGetter<VBuffer<float>> VectorGetter(Func<float[]> source, int width) => (ref VBuffer<float> v) =>
        {
            var editor = VBufferEditor.Create(ref v, width);
            source().AsSpan(_frame * width, width).CopyTo(editor.Values);
            v = editor.Commit();
        };
    }
}
