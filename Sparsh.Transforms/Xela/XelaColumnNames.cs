namespace Sparsh.Transforms.Xela;

/// <summary>Default column names used across Sparsh pipelines.</summary>
public static class XelaColumnNames
{
    /// <summary>Magnetic readings: raw counts, or tared/normalised values after those steps.</summary>
    public const string Magnetic = "Magnetic";

    /// <summary>Per-taxel validity (true = all three axes inside the valid range).</summary>
    public const string Validity = "Validity";

    /// <summary>Allegro joint angles in radians.</summary>
    public const string JointAngles = "JointAngles";

    /// <summary>Taxel positions in metres, palm frame.</summary>
    public const string TaxelPositions = "TaxelPositions";

    /// <summary>Taxel unit normals, palm frame.</summary>
    public const string TaxelNormals = "TaxelNormals";

    /// <summary>Recording identifier (text).</summary>
    public const string RecordingId = "RecordingId";

    /// <summary>Frame timestamp in seconds.</summary>
    public const string TimestampSeconds = "TimestampSeconds";

    /// <summary>Start time of a window in seconds.</summary>
    public const string WindowStartSeconds = "WindowStartSeconds";

    /// <summary>Label vector (e.g. force in newtons).</summary>
    public const string Label = "Label";

    /// <summary>Model output vector.</summary>
    public const string Score = "Score";
}
