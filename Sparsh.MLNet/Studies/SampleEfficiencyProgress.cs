namespace Sparsh.MLNet.Studies;

/// <summary>Progress of a <see cref="SampleEfficiencyStudy"/> after one run.</summary>
/// <param name="Completed">Runs finished.</param>
/// <param name="Total">Runs planned.</param>
/// <param name="Last">The run just finished.</param>
public sealed record SampleEfficiencyProgress(int Completed, int Total, SampleEfficiencyRun Last);
