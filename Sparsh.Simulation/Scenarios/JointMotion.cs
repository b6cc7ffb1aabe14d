using Sparsh.Simulation.Nuisances;
using Sparsh.Transforms.Hand;

namespace Sparsh.Simulation.Scenarios;

/// <summary>
/// Endless random joint motion: <see cref="JointTrajectory.Random"/> in chunks, each starting where the last
/// ended, so a live stream can run for ever while a recording sees one smooth trajectory.
/// </summary>
internal sealed class JointMotion(HandModel hand, JointTrajectoryOptions options, int seed)
{
    private const double ChunkSeconds = 60.0;
    private JointTrajectory _chunk = JointTrajectory.Random(hand, ChunkSeconds, SeedMixer.Derive(seed, 0), options);
    private double _chunkStart;
    private int _chunkIndex;

    /// <summary>Angles at <paramref name="timeSeconds"/>; times must not go back by more than one chunk.</summary>
    public void Evaluate(double timeSeconds, Span<float> angles)
    {
        while (timeSeconds >= _chunkStart + _chunk.EndSeconds)
        {
            var end = new float[hand.JointCount];
            _chunk.Evaluate(_chunk.EndSeconds, end);
            _chunkStart += _chunk.EndSeconds;
            _chunk = JointTrajectory.Random(hand, ChunkSeconds, SeedMixer.Derive(seed, ++_chunkIndex), options, end);
        }
        _chunk.Evaluate(timeSeconds - _chunkStart, angles);
    }
}
