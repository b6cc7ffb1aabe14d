namespace Sparsh.Transforms.SparshSkinDataset;

/// <summary>How <see cref="SparshSkinDatasetReader"/> turns Meta's released Sparsh-skin data into recordings.</summary>
public sealed record SparshSkinDatasetOptions
{
    /// <summary>Skin id written to every recording (baselines and broken taxels belong to one physical skin).</summary>
    public string SkinId { get; init; } = "meta-allegro-xela";

    /// <summary>
    /// Sequence ids (the last folder name, e.g. "9") that go to the validation split when no folder on the path says
    /// train, val or test. The reference code trains on sequences 0-8 of each object and validates on 9.
    /// </summary>
    public IReadOnlyList<string> ValidationSequenceIds { get; init; } = ["9"];

    /// <summary>Sequence ids that go to the test split (none by default: the release has no test sequences).</summary>
    public IReadOnlyList<string> TestSequenceIds { get; init; } = [];

    /// <summary>
    /// Converts <c>xela/forces.pkl</c> (XELA's own calibrated force estimate per taxel, N) into a label "xela_force". Off by
    /// default: Sparsh-skin trains on raw counts, and a sequence recorded without XELA's calibration has no such label,
    /// while frames are loaded together only from recordings with the same labels.
    /// </summary>
    public bool IncludeXelaForces { get; init; }

    /// <summary>
    /// A message stamped with the same time as the one before it is dropped (and counted in the sequence's report)
    /// rather than refused: ROS can deliver two messages with one header stamp. Decreasing times are always refused.
    /// </summary>
    public bool DropRepeatedTimestamps { get; init; } = true;

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(SkinId, nameof(SkinId));
        ArgumentNullException.ThrowIfNull(ValidationSequenceIds, nameof(ValidationSequenceIds));
        ArgumentNullException.ThrowIfNull(TestSequenceIds, nameof(TestSequenceIds));
        var both = ValidationSequenceIds.Intersect(TestSequenceIds, StringComparer.Ordinal).ToList();
        if (both.Count > 0)
            throw new ArgumentException($"sequence ids {string.Join(", ", both.Select(b => $"'{b}'"))} are in both ValidationSequenceIds and TestSequenceIds.");
    }
}
