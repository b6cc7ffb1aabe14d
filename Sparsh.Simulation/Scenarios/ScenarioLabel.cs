namespace Sparsh.Simulation.Scenarios;

/// <summary>Shape of a scenario's label stream.</summary>
/// <param name="Name">Label name in the recording (e.g. "force").</param>
/// <param name="Unit">Unit of the values.</param>
/// <param name="ChannelNames">One name per value.</param>
/// <param name="RateHz">The label's own clock, hertz; null to stamp a label with every magnetic frame.</param>
internal sealed record ScenarioLabel(string Name, string Unit, IReadOnlyList<string> ChannelNames, double? RateHz = null)
{
    public int Width => ChannelNames.Count;
}
