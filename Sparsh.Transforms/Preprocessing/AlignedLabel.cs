namespace Sparsh.Transforms.Preprocessing;

/// <summary>A label stream resampled onto an <see cref="AlignedRecording"/>'s timestamps.</summary>
/// <param name="Name">Label name (e.g. "force").</param>
/// <param name="Width">Values per frame.</param>
/// <param name="Values">Row-major frames x <paramref name="Width"/>; NaN in frames that fall in a gap of this stream.</param>
public sealed record AlignedLabel(string Name, int Width, float[] Values)
{
    /// <summary>Unit of the values (e.g. "N").</summary>
    public string Unit { get; init; } = "";
}
