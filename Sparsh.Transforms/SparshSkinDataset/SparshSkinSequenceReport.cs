using System.Globalization;

namespace Sparsh.Transforms.SparshSkinDataset;

/// <summary>What one converted sequence held and what the conversion did with it.</summary>
/// <param name="Sequence">The sequence.</param>
/// <param name="MagneticFrames">XELA frames converted.</param>
/// <param name="JointSamples">Allegro joint samples converted (0 when the sequence has no <c>allegro/data.pkl</c>).</param>
/// <param name="Labels">Label streams written, e.g. "force", "xela_force".</param>
/// <param name="RepeatedTimestampsDropped">Messages dropped because they repeated the previous message's time, per file.</param>
/// <param name="Notes">Anything in the sequence that was not converted, and why.</param>
public sealed record SparshSkinSequenceReport(SparshSkinSequence Sequence, int MagneticFrames, int JointSamples,
    IReadOnlyList<string> Labels, IReadOnlyDictionary<string, int> RepeatedTimestampsDropped, IReadOnlyList<string> Notes)
{
    /// <summary>One line: id, task, split, counts and notes.</summary>
    public override string ToString()
    {
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{Sequence.RecordingId} ({Sequence.RelativePath}, {Sequence.Task}, {Sequence.Split}): {MagneticFrames} XELA frames, {JointSamples} joint samples");
        if (Labels.Count > 0) text += $", labels {string.Join(", ", Labels)}";
        foreach (var (file, count) in RepeatedTimestampsDropped.Where(p => p.Value > 0))
            text += string.Create(CultureInfo.InvariantCulture, $"; {count} repeated timestamps dropped in {file}");
        foreach (var note in Notes) text += "; " + note;
        return text + ".";
    }
}
