using Microsoft.ML;
using Microsoft.ML.Data;

namespace Sparsh.Transforms.Windowing;

/// <inheritdoc cref="IWindowRing"/>
internal sealed class WindowRing<T> : IWindowRing
{
    private readonly ValueGetter<VBuffer<T>> _source;
    private readonly string _columnName;
    private readonly int _width;
    private readonly int _frames;
    private readonly LabelAggregation? _aggregation;
    private readonly T[] _ring;
    private VBuffer<T> _scratch;

    public WindowRing(ValueGetter<VBuffer<T>> source, string columnName, int width, int frames, LabelAggregation? aggregation)
    {
        _source = source;
        _columnName = columnName;
        _width = width;
        _frames = frames;
        _aggregation = aggregation;
        _ring = new T[width * frames];
    }

    public void Push(int slot, long row, string recordingId)
    {
        _source(ref _scratch);
        Core.KnownSizeVectors.Check(_scratch, _columnName, row, _width, recordingId);
        _scratch.CopyTo(_ring.AsSpan(slot * _width, _width));
    }

    public Delegate CreateGetter(Func<int> oldestSlot) => _aggregation switch
    {
        null => (ValueGetter<VBuffer<T>>)((ref VBuffer<T> dst) =>
        {
            var editor = VBufferEditor.Create(ref dst, _width * _frames);
            int oldest = oldestSlot();
            int firstPart = (_frames - oldest) * _width;
            _ring.AsSpan(oldest * _width, firstPart).CopyTo(editor.Values);
            _ring.AsSpan(0, oldest * _width).CopyTo(editor.Values.Slice(firstPart));
            dst = editor.Commit();
        }),
        LabelAggregation.End => (ValueGetter<VBuffer<T>>)((ref VBuffer<T> dst) =>
        {
            var editor = VBufferEditor.Create(ref dst, _width);
            int newest = (oldestSlot() + _frames - 1) % _frames;
            _ring.AsSpan(newest * _width, _width).CopyTo(editor.Values);
            dst = editor.Commit();
        }),
        _ => MeanGetter(),
    };

    private Delegate MeanGetter()
    {
        var ring = _ring as float[] ?? throw new InvalidOperationException($"Column '{_columnName}': only float labels can be averaged.");
        ValueGetter<VBuffer<float>> vector = (ref VBuffer<float> dst) =>
        {
            var editor = VBufferEditor.Create(ref dst, _width);
            for (int i = 0; i < _width; i++)
            {
                float sum = 0;
                for (int f = 0; f < _frames; f++) sum += ring[f * _width + i];
                editor.Values[i] = sum / _frames;
            }
            dst = editor.Commit();
        };
        return vector;
    }
}
