namespace Sparsh.Transforms.Recordings;

/// <summary>One recording of a simulated data set, as listed in its manifest.</summary>
/// <param name="RecordingId">Recording id; also its folder name under the data set root.</param>
/// <param name="SkinId">Skin the recording was simulated on.</param>
/// <param name="Task">Task ("play", "force_probing", "joystick", "object_pose").</param>
/// <param name="DurationSeconds">Simulated time, seconds.</param>
/// <param name="Split">Train, validation or test.</param>
/// <param name="Seed">Seed the recording was generated with (regenerates it exactly with the same skin and options).</param>
public sealed record DatasetEntry(string RecordingId, string SkinId, string Task, double DurationSeconds, DatasetSplit Split, int Seed);
