using System.Diagnostics;

namespace Sparsh.Trainers.Pretraining;

/// <summary>
/// Wall-clock seconds per section of the pretraining steps, summed over steps: where a step's time goes. libtorch runs
/// CPU operators synchronously on the calling thread, so on the CPU a section's time is the time of its operators (on
/// CUDA, kernels run asynchronously and sections would need a device synchronisation to be meaningful).
/// </summary>
public sealed class PretrainingStepTimer
{
    private readonly Stopwatch _clock = new();
    private readonly List<string> _order = [];
    private readonly Dictionary<string, double> _seconds = new(StringComparer.Ordinal);

    /// <summary>Steps started.</summary>
    public int Steps { get; private set; }

    /// <summary>Sections in the order first seen, with their summed seconds.</summary>
    public IReadOnlyList<(string Section, double Seconds)> Sections => _order.Select(s => (s, _seconds[s])).ToArray();

    /// <summary>Starts a step: the next <see cref="Mark"/> measures from here.</summary>
    public void StartStep()
    {
        Steps++;
        _clock.Restart();
    }

    /// <summary>Adds the time since the previous mark (or the step's start) to <paramref name="section"/>.</summary>
    public void Mark(string section)
    {
        double seconds = _clock.Elapsed.TotalSeconds;
        _clock.Restart();
        if (_seconds.TryGetValue(section, out double sum)) _seconds[section] = sum + seconds;
        else
        {
            _order.Add(section);
            _seconds[section] = seconds;
        }
    }

    /// <summary>Forgets every measurement (after warm-up steps).</summary>
    public void Reset()
    {
        Steps = 0;
        _order.Clear();
        _seconds.Clear();
    }
}
