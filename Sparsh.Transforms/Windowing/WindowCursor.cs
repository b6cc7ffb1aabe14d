using Microsoft.ML;
using Microsoft.ML.Data;

namespace Sparsh.Transforms.Windowing;

/// <summary>
/// Streams windows out of a frame cursor: frames of the current run go into rings, and a window is
/// emitted every <c>StrideFrames</c> once <c>WindowLengthFrames</c> frames are in. A new recording, or a
/// step longer than <c>MaxGapSeconds</c>, starts a new run, so no window spans either.
/// </summary>
internal sealed class WindowCursor : DataViewRowCursor
{
    private readonly DataViewRowCursor _input;
    private readonly WindowLayout _layout;
    private readonly ValueGetter<ReadOnlyMemory<char>> _idGetter;
    private readonly ValueGetter<double> _timeGetter;
    private readonly IWindowRing?[] _rings;
    private readonly Delegate?[] _getters;
    private readonly double[] _times;
    private readonly int _frames;
    private readonly int _stride;
    private readonly FrameRuns _runs;

    private ReadOnlyMemory<char> _idBuffer;
    private string _windowRecordingId = "";
    private long _inputRow = -1;
    private int _runLength;
    private int _oldestSlot;
    private long _position = -1;

    public WindowCursor(DataViewRowCursor input, WindowLayout layout, HashSet<int> activeOutputs)
    {
        _input = input;
        _layout = layout;
        _frames = layout.Options.WindowLengthFrames;
        _stride = layout.Options.StrideFrames;
        _runs = new FrameRuns(layout.Timestamp.Name, layout.Options.MaxGapSeconds);
        _idGetter = input.GetGetter<ReadOnlyMemory<char>>(layout.RecordingId);
        _timeGetter = input.GetGetter<double>(layout.Timestamp);
        _times = new double[_frames];
        _rings = new IWindowRing?[layout.Schema.Count];
        _getters = new Delegate?[layout.Schema.Count];
        foreach (var column in layout.Stacked.Where(c => activeOutputs.Contains(c.OutputIndex)))
        {
            var ring = column.CreateRing(input, _frames);
            _rings[column.OutputIndex] = ring;
            var getter = ring.CreateGetter(() => _oldestSlot);
            _getters[column.OutputIndex] = column.Input.Type is VectorDataViewType ? getter : ScalarFromVector((ValueGetter<VBuffer<float>>)getter);
        }
        // The input cursor sits on the window's last frame whenever a window is current, so its getters serve directly.
        foreach (var (column, outputIndex) in layout.PassThrough.Where(p => activeOutputs.Contains(p.OutputIndex)))
            _getters[outputIndex] = PassThroughGetter(input, column);
        _getters[0] = (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> dst) => dst = _windowRecordingId.AsMemory());
        _getters[1] = (ValueGetter<double>)((ref double dst) => dst = _times[_oldestSlot]);
    }

    public override DataViewSchema Schema => _layout.Schema;

    public override long Position => _position;

    public override long Batch => 0;

    public override ValueGetter<DataViewRowId> GetIdGetter()
        => (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);

    public override bool IsColumnActive(DataViewSchema.Column column) => _getters[column.Index] != null;

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        var getter = _getters[column.Index] ?? throw new InvalidOperationException($"Column '{column.Name}' was not requested from this cursor.");
        return getter as ValueGetter<TValue>
            ?? throw new InvalidOperationException($"Column '{column.Name}' is {column.Type}, not {typeof(TValue).Name}.");
    }

    public override bool MoveNext()
    {
        while (_input.MoveNext())
        {
            _inputRow++;
            _idGetter(ref _idBuffer);
            double time = 0;
            _timeGetter(ref time);
            if (_runs.StartsRun(_idBuffer.Span, time, _inputRow, out _)) _runLength = 0;

            int slot = _runLength % _frames;
            _times[slot] = time;
            foreach (var ring in _rings) ring?.Push(slot, _inputRow, _runs.RecordingId);
            _runLength++;

            if (_runLength >= _frames && (_runLength - _frames) % _stride == 0)
            {
                _oldestSlot = _runLength % _frames;
                _windowRecordingId = _runs.RecordingId;
                _position++;
                return true;
            }
        }
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _input.Dispose();
        base.Dispose(disposing);
    }

    private static Delegate PassThroughGetter(DataViewRow input, DataViewSchema.Column column)
    {
        var method = typeof(DataViewRow).GetMethod(nameof(DataViewRow.GetGetter))!.MakeGenericMethod(column.Type.RawType);
        return (Delegate)method.Invoke(input, [column])!;
    }

    private static ValueGetter<float> ScalarFromVector(ValueGetter<VBuffer<float>> vector)
    {
        var buffer = default(VBuffer<float>);
        return (ref float dst) =>
        {
            vector(ref buffer);
            dst = buffer.GetItemOrDefault(0);
        };
    }
}
