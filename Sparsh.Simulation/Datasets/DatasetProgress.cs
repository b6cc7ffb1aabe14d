namespace Sparsh.Simulation.Datasets;

/// <summary>Progress of <see cref="SimulatedDatasetWriter.Write"/>: a recording just written.</summary>
/// <param name="Completed">Recordings written so far.</param>
/// <param name="Total">Recordings to write.</param>
/// <param name="RecordingId">The recording just written.</param>
public readonly record struct DatasetProgress(int Completed, int Total, string RecordingId);
