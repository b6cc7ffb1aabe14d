using System.Diagnostics;

namespace Sparsh.MLNet.Sweeps;

/// <summary>
/// Samples the process's CPU use and working set every 200 ms while trials run, keeps each running trial's peaks, and
/// calls <c>onOverCap</c> (once) when the working set passes the memory cap. Process-wide: libtorch's native memory counts,
/// and parallel trials see each other's use.
/// </summary>
internal sealed class ResourceSampler : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);
    private readonly Process _process = Process.GetCurrentProcess();
    private readonly Lock _gate = new();
    private readonly List<Peak> _running = [];
    private readonly double? _capInMegaByte;
    private readonly Action<double> _onOverCap;
    private readonly Timer _timer;
    private TimeSpan _lastCpu;
    private long _lastTicks;
    private bool _overCap;
    private bool _disposed;

    public ResourceSampler(double? capInMegaByte, Action<double> onOverCap)
    {
        _capInMegaByte = capInMegaByte;
        _onOverCap = onOverCap;
        _lastCpu = _process.TotalProcessorTime;
        _lastTicks = Stopwatch.GetTimestamp();
        _timer = new Timer(_ => Sample(), null, Interval, Interval);
    }

    /// <summary>Starts tracking one trial's peaks (with a sample now, so a trial shorter than the interval is measured too).</summary>
    public Peak Track()
    {
        var peak = new Peak(this);
        lock (_gate) _running.Add(peak);
        Sample();
        return peak;
    }

    private void Sample()
    {
        double cpu, memory;
        Peak[] running;
        lock (_gate)
        {
            // Timer.Dispose does not wait for a callback already under way: it must not read the disposed process.
            if (_disposed) return;
            _process.Refresh();
            var now = Stopwatch.GetTimestamp();
            var cpuTime = _process.TotalProcessorTime;
            double wall = Stopwatch.GetElapsedTime(_lastTicks, now).TotalSeconds;
            // Below a few milliseconds the ratio is noise (a sample taken right after the timer's).
            cpu = wall > 0.005 ? Math.Clamp((cpuTime - _lastCpu).TotalSeconds / wall / Environment.ProcessorCount, 0, 1) : double.NaN;
            if (wall > 0.005)
            {
                _lastCpu = cpuTime;
                _lastTicks = now;
            }
            memory = _process.WorkingSet64 / (1024.0 * 1024.0);
            running = _running.ToArray();
        }
        foreach (var peak in running) peak.Add(cpu, memory);
        if (_capInMegaByte is { } cap && memory > cap && !_overCap)
        {
            _overCap = true;
            _onOverCap(memory);
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        lock (_gate)
        {
            _disposed = true;
            _process.Dispose();
        }
    }

    /// <summary>One trial's peaks; dispose when the trial ends.</summary>
    internal sealed class Peak(ResourceSampler sampler) : IDisposable
    {
        private readonly Lock _peakGate = new();
        private double _cpu = double.NaN;
        private double _memory;

        public double? Cpu { get { lock (_peakGate) return double.IsNaN(_cpu) ? null : Math.Round(_cpu, 3); } }

        public double? MemoryInMegaByte { get { lock (_peakGate) return _memory > 0 ? Math.Round(_memory, 1) : null; } }

        public void Add(double cpu, double memory)
        {
            lock (_peakGate)
            {
                if (!double.IsNaN(cpu) && !(cpu <= _cpu)) _cpu = cpu;
                _memory = Math.Max(_memory, memory);
            }
        }

        public void Dispose()
        {
            sampler.Sample();
            lock (sampler._gate) sampler._running.Remove(this);
        }
    }
}
