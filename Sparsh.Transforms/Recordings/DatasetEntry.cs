namespace Sparsh.Transforms.Recordings;

/// <summary>One recording of a data set, as listed in its <see cref="DatasetManifest"/>.</summary>
/// <param name="RecordingId">Recording id; also its folder name under the data set root.</param>
/// <param name="SkinId">Skin the recording was made (or simulated) on.</param>
/// <param name="Task">Task ("play", "force_probing", "joystick", "object_pose", "rest").</param>
/// <param name="DurationSeconds">Recorded (or simulated) time, seconds.</param>
/// <param name="Split">Train, validation or test.</param>
/// <param name="Seed">Seed a simulated recording was generated with (regenerates it exactly with the same skin and options); 0 for a real one.</param>
public sealed record DatasetEntry(string RecordingId, string SkinId, string Task, double DurationSeconds, DatasetSplit Split, int Seed);
