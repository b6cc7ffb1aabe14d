namespace Sparsh.Transforms.Recordings;

/// <summary>Names in the on-disk recording format (see docs/recording-format.md).</summary>
public static class RecordingFormat
{
    /// <summary>Version written to recording.json and to each Parquet file's metadata.</summary>
    public const int Version = 1;

    /// <summary>Identifies a recording folder's manifest.</summary>
    public const string FormatName = "sparsh-xela-recording";

    /// <summary>Manifest file of a recording folder.</summary>
    public const string ManifestFile = "recording.json";

    /// <summary>Magnetic stream file.</summary>
    public const string MagneticFile = "magnetic.parquet";

    /// <summary>Joint-angle stream file.</summary>
    public const string JointsFile = "joints.parquet";

    /// <summary>Prefix of label stream files: label_&lt;name&gt;.parquet.</summary>
    public const string LabelFilePrefix = "label_";

    /// <summary>Parquet column of sample times (double, seconds).</summary>
    public const string TimestampColumn = "timestamp_s";

    /// <summary>Parquet column of samples (list of float, Width per row).</summary>
    public const string ValuesColumn = "values";

    /// <summary>Parquet key-value metadata: stream name.</summary>
    public const string StreamKey = "sparsh.stream";

    /// <summary>Parquet key-value metadata: values per row.</summary>
    public const string WidthKey = "sparsh.width";

    /// <summary>Parquet key-value metadata: unit of the values.</summary>
    public const string UnitKey = "sparsh.unit";

    /// <summary>Parquet key-value metadata: JSON array of channel names (absent when unnamed).</summary>
    public const string ChannelsKey = "sparsh.channels";

    /// <summary>Parquet key-value metadata: format version.</summary>
    public const string VersionKey = "sparsh.format_version";

    /// <summary>
    /// Parquet key-value metadata: SHA-256 (lower-case hex) of the other metadata entries, the timestamps as little-endian
    /// doubles and the values as little-endian floats (docs/recording-format.md). Parquet.Net does not check page CRCs,
    /// so this is what catches a corrupted page.
    /// </summary>
    public const string ChecksumKey = "sparsh.sha256";

    /// <summary>Stream name of the magnetic stream.</summary>
    public const string MagneticStream = "magnetic";

    /// <summary>Stream name of the joint stream.</summary>
    public const string JointsStream = "joints";

    /// <summary>File name of a label stream.</summary>
    public static string LabelFile(string label) => LabelFilePrefix + label + ".parquet";

    /// <summary>True when a label name is safe as part of a file name on every platform.</summary>
    public static bool IsValidLabelName(string label) =>
        label.Length is > 0 and <= 64 && label.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '_' or '-');
}
