using System.Runtime.CompilerServices;
using Sparsh.Simulation.Scenarios;
using Sparsh.Simulation.Skins;

namespace Sparsh.Simulation.Live;

/// <summary>
/// A simulated skin-covered hand streaming live: frames (host timestamp, 1104 raw counts, 16 joint readings) as a
/// host would receive them, dropped frames skipped. Paced to the sensor's real time by default; unpaced it yields
/// as fast as it simulates (for tests and batch scoring). Endless: stop it with the cancellation token or by
/// breaking out of the loop.
/// </summary>
public sealed class LiveSkinSource : IAsyncEnumerable<SimulatedFrame>
{
    /// <summary>Creates a source.</summary>
    /// <param name="skin">The skin.</param>
    /// <param name="seed">Seed of what happens.</param>
    /// <param name="generator">What the hand does; play by default.</param>
    /// <param name="paced">Wait until each frame's timestamp has passed in real time.</param>
    /// <param name="timeProvider">Clock used for pacing; the system clock by default.</param>
    public LiveSkinSource(SkinProfile skin, int seed = 0, ScenarioGenerator? generator = null, bool paced = true, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(skin);
        Skin = skin;
        Seed = seed;
        Generator = generator ?? new PlayScenario();
        Paced = paced;
        TimeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The skin.</summary>
    public SkinProfile Skin { get; }

    /// <summary>Seed of what happens.</summary>
    public int Seed { get; }

    /// <summary>What the hand does.</summary>
    public ScenarioGenerator Generator { get; }

    /// <summary>Whether frames are paced to real time.</summary>
    public bool Paced { get; }

    /// <summary>Clock used for pacing.</summary>
    public TimeProvider TimeProvider { get; }

    /// <inheritdoc />
    public async IAsyncEnumerator<SimulatedFrame> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        await foreach (var frame in ReadAllAsync(cancellationToken).ConfigureAwait(false))
            yield return frame;
    }

    /// <summary>The frames, endlessly.</summary>
    public async IAsyncEnumerable<SimulatedFrame> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        long start = TimeProvider.GetTimestamp();
        long count = 0;
        foreach (var frame in Generator.Stream(Skin, Seed))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Paced)
            {
                TimeSpan wait = TimeSpan.FromSeconds(frame.TimestampSeconds) - TimeProvider.GetElapsedTime(start);
                if (wait > TimeSpan.Zero)
                    await Task.Delay(wait, TimeProvider, cancellationToken).ConfigureAwait(false);
            }
            else if (++count % 100 == 0)
            {
                // Unpaced, still let other work on this thread run now and then.
                await Task.Yield();
            }
            yield return frame;
        }
    }
}
