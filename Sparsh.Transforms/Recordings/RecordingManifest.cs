using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sparsh.Transforms.Recordings;

/// <summary>The recording.json manifest: identity of the recording and the list of its stream files.</summary>
internal sealed record RecordingManifest(
    string Format,
    int FormatVersion,
    string Id,
    string? SkinId,
    string? Task,
    IReadOnlyList<StreamManifest> Streams)
{
    public const string MagneticRole = "magnetic";
    public const string JointsRole = "joints";
    public const string LabelRole = "label";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    /// <summary>Parses and checks a manifest; problems become <see cref="InvalidDataException"/> naming the file.</summary>
    public static RecordingManifest Parse(string json, string path)
    {
        RecordingManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<RecordingManifest>(json, Options);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a valid recording manifest ({e.Message}).", e);
        }
        if (manifest is null || manifest.Format != RecordingFormat.FormatName)
            throw new InvalidDataException($"{path}: 'format' is '{manifest?.Format}', expected '{RecordingFormat.FormatName}'.");
        if (manifest.FormatVersion > RecordingFormat.Version)
            throw new InvalidDataException($"{path}: format version {manifest.FormatVersion} is newer than this library reads ({RecordingFormat.Version}).");
        if (string.IsNullOrWhiteSpace(manifest.Id))
            throw new InvalidDataException($"{path}: 'id' is missing.");
        if (manifest.Streams is null || manifest.Streams.Count(s => s.Role == MagneticRole) != 1)
            throw new InvalidDataException($"{path}: 'streams' must list exactly one stream with role '{MagneticRole}'.");
        foreach (var stream in manifest.Streams)
        {
            if (stream.Role is not (MagneticRole or JointsRole or LabelRole))
                throw new InvalidDataException($"{path}: stream '{stream.Name}' has unknown role '{stream.Role}'.");
            if (string.IsNullOrEmpty(stream.File) || Path.GetFileName(stream.File) != stream.File)
                throw new InvalidDataException($"{path}: stream '{stream.Name}' file '{stream.File}' must be a plain file name inside the recording folder.");
        }
        return manifest;
    }
}
