namespace Sparsh.Transforms.Preprocessing;

/// <summary>A run of consecutive frames.</summary>
/// <param name="Start">First frame index.</param>
/// <param name="Count">Number of frames.</param>
public readonly record struct FrameRange(int Start, int Count)
{
    /// <summary>One past the last frame index.</summary>
    public int End => Start + Count;
}
