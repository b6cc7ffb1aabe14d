using Sparsh.MLNet.Sweeps;

namespace Sparsh.Sweep;

/// <summary>Reports on the sweep's own thread; <see cref="Progress{T}"/> would post to the thread pool and could arrive after the sweep ends.</summary>
internal sealed class ProgressReporter(Action<SweepProgress> report) : IProgress<SweepProgress>
{
    public void Report(SweepProgress value) => report(value);
}
