namespace Sparsh.Trainers.Masking;

/// <summary>How many masked views to draw and how much of the hand each keeps (fractions of the taxels).</summary>
public sealed record BlockMaskingOptions
{
    /// <summary>Global views (seen by student and teacher).</summary>
    public int GlobalViews { get; init; } = 2;

    /// <summary>Smallest fraction of taxels a global view keeps.</summary>
    public double GlobalKeepMin { get; init; } = 0.4;

    /// <summary>Largest fraction of taxels a global view keeps.</summary>
    public double GlobalKeepMax { get; init; } = 1.0;

    /// <summary>Local views (student only).</summary>
    public int LocalViews { get; init; } = 8;

    /// <summary>Smallest fraction of taxels a local view keeps.</summary>
    public double LocalKeepMin { get; init; } = 0.1;

    /// <summary>Largest fraction of taxels a local view keeps.</summary>
    public double LocalKeepMax { get; init; } = 0.4;

    /// <summary>Smallest fraction of a student global view's tokens replaced by the mask token (iBOT).</summary>
    public double TokenMaskMin { get; init; } = 0.1;

    /// <summary>Largest fraction of a student global view's tokens replaced by the mask token (iBOT).</summary>
    public double TokenMaskMax { get; init; } = 0.5;

    /// <summary>Throws naming the first invalid setting.</summary>
    public void Validate()
    {
        if (GlobalViews < 1) throw new ArgumentException($"GlobalViews must be at least 1, got {GlobalViews}.");
        if (LocalViews < 0) throw new ArgumentException($"LocalViews must not be negative, got {LocalViews}.");
        CheckRange(nameof(GlobalKeepMin), GlobalKeepMin, GlobalKeepMax);
        CheckRange(nameof(LocalKeepMin), LocalKeepMin, LocalKeepMax);
        CheckRange(nameof(TokenMaskMin), TokenMaskMin, TokenMaskMax);
    }

    private static void CheckRange(string name, double min, double max)
    {
        if (!(min >= 0 && min <= max && max <= 1))
            throw new ArgumentException($"{name}: expected 0 <= min <= max <= 1, got [{min}, {max}].");
    }
}
