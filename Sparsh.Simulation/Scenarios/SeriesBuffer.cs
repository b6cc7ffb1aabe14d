using Sparsh.Transforms.Recordings;

namespace Sparsh.Simulation.Scenarios;

/// <summary>Collects rows of one stream as they are simulated, then hands them over as a <see cref="TimeSeries"/>.</summary>
internal sealed class SeriesBuffer(string name, int width, string unit, IReadOnlyList<string>? channelNames = null, int capacityRows = 256)
{
    private double[] _timestamps = new double[Math.Max(1, capacityRows)];
    private float[] _values = new float[Math.Max(1, capacityRows) * width];
    private int _count;

    public int Count => _count;

    public void Add(double timestampSeconds, ReadOnlySpan<float> row)
    {
        if (_count == _timestamps.Length)
        {
            Array.Resize(ref _timestamps, 2 * _count);
            Array.Resize(ref _values, 2 * _count * width);
        }
        _timestamps[_count] = timestampSeconds;
        row.CopyTo(_values.AsSpan(_count * width, width));
        _count++;
    }

    public TimeSeries ToTimeSeries() =>
        new(name, width, _timestamps[.._count], _values[..(_count * width)], unit, channelNames);
}
