namespace Sparsh.Transforms.Recordings;

/// <summary>One stream's entry in recording.json.</summary>
/// <param name="Role">"magnetic", "joints" or "label".</param>
/// <param name="Name">Stream name (for labels, the label name).</param>
/// <param name="File">File inside the recording folder.</param>
/// <param name="Width">Values per row.</param>
/// <param name="Unit">Unit of the values.</param>
/// <param name="Rows">Number of samples.</param>
/// <param name="Sha256">
/// SHA-256 (hex) of the stream file's bytes, checked before the file is parsed, so a damaged file is refused before the
/// Parquet reader sees it (some damaged footers make it spin); null in recordings written before it was recorded.
/// </param>
internal sealed record StreamManifest(string Role, string Name, string File, int Width, string Unit, int Rows, string? Sha256 = null);
