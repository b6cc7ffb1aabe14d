namespace Sparsh.Trainers.Masking;

/// <summary>
/// The views of one batch: which taxels each sample keeps (the same for all frames of its window) and, for global
/// views, which kept tokens the student sees as the mask token. All global views of a step keep the same number of
/// taxels (and all local views likewise) so each group runs as one batched forward pass.
/// </summary>
/// <param name="Global">[view][sample] sorted taxel indices kept by a global view.</param>
/// <param name="Local">[view][sample] sorted taxel indices kept by a local view.</param>
/// <param name="TokenMask">[view][sample][k] true where the student's global-view token is replaced by the mask token.</param>
internal sealed record MaskedViews(int[][][] Global, int[][][] Local, bool[][][] TokenMask)
{
    /// <summary>Taxels kept per global view.</summary>
    public int GlobalKeep => Global[0][0].Length;

    /// <summary>Taxels kept per local view (0 when there are none).</summary>
    public int LocalKeep => Local.Length == 0 ? 0 : Local[0][0].Length;
}
