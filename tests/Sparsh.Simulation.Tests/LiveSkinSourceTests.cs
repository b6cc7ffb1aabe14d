using Sparsh.Simulation.Live;
using Sparsh.Simulation.Scenarios;

namespace Sparsh.Simulation.Tests;

[TestClass]
public sealed class LiveSkinSourceTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task UnpacedSourceYieldsSensorRateFramesMatchingTheRecording()
    {
        var skin = ScenarioFixture.HealthySkin();
        var source = new LiveSkinSource(skin, seed: 4, new PlayScenario(ScenarioFixture.Short(2)), paced: false);
        var frames = new List<SimulatedFrame>();
        await foreach (var frame in source.WithCancellation(TestContext.CancellationToken))
        {
            frames.Add(frame);
            if (frames.Count == 150)
                break;
        }
        Assert.HasCount(150, frames);
        Assert.IsTrue(frames.All(f => f.RawCounts.Length == 1104 && f.JointAnglesRadians.Length == 16));
        for (int k = 1; k < frames.Count; k++)
            Assert.IsGreaterThan(frames[k - 1].TimestampSeconds, frames[k].TimestampSeconds);
        var gaps = frames.Zip(frames.Skip(1), (a, b) => b.TimestampSeconds - a.TimestampSeconds).Order().ToArray();
        Assert.AreEqual(0.01, gaps[gaps.Length / 2], 0.001, "100 Hz");

        // The live stream is the recording's stream, frame for frame.
        var recording = new PlayScenario(ScenarioFixture.Short(2)).Generate(skin, seed: 4);
        for (int k = 0; k < frames.Count; k++)
        {
            Assert.AreEqual(recording.Magnetic.TimestampsSeconds[k], frames[k].TimestampSeconds);
            CollectionAssert.AreEqual(recording.Magnetic.Row(k).ToArray(), frames[k].RawCounts);
        }
    }

    [TestMethod]
    public async Task PacedSourceWaitsForRealTime()
    {
        var time = new ManualClock();
        var source = new LiveSkinSource(ScenarioFixture.HealthySkin(), seed: 1, new JoystickScenario(ScenarioFixture.Short(1)), paced: true, timeProvider: time);
        await using var frames = source.GetAsyncEnumerator(TestContext.CancellationToken);
        // The first frame is due within 4.5 ms of jitter around zero; the second not before 5.5 ms.
        var first = frames.MoveNextAsync().AsTask();
        time.Advance(TimeSpan.FromMilliseconds(5));
        Assert.IsTrue(await first.WaitAsync(TimeSpan.FromSeconds(10), TestContext.CancellationToken));
        // Later frames are due in the future: the source waits until the clock gets there.
        var next = frames.MoveNextAsync().AsTask();
        await Task.Delay(50, TestContext.CancellationToken);
        Assert.IsFalse(next.IsCompleted, "the second frame waits for its time");
        time.Advance(TimeSpan.FromMilliseconds(20));
        Assert.IsTrue(await next.WaitAsync(TimeSpan.FromSeconds(10), TestContext.CancellationToken));
        Assert.IsLessThanOrEqualTo(0.025, frames.Current.TimestampSeconds, "it came when its time had passed");
    }

    /// <summary>A clock that only moves when told to; timers fire when it passes their due time.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private readonly List<(long Due, TimerCallback Callback, object? State)> _timers = [];
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public void Advance(TimeSpan by)
        {
            List<(long, TimerCallback, object?)> due;
            lock (_timers)
            {
                _ticks += by.Ticks;
                due = _timers.Where(t => t.Due <= _ticks).ToList();
                _timers.RemoveAll(t => t.Due <= _ticks);
            }
            foreach (var (_, callback, state) in due)
                callback(state);
        }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            lock (_timers)
                _timers.Add((_ticks + dueTime.Ticks, callback, state));
            return new NoTimer();
        }

        private sealed class NoTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => false;
            public void Dispose() { }
            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
