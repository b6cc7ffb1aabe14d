namespace Sparsh.Trainers.Encoder;

/// <summary>Named encoder sizes: the reference's ViT sizes plus <see cref="Micro"/> for tests and CPU runs.</summary>
public enum SparshSkinEncoderSize
{
    /// <summary>dim 32, depth 2, 2 heads: for tests and quick CPU runs (not in the reference).</summary>
    Micro,

    /// <summary>dim 96, depth 8, 3 heads.</summary>
    Tinier,

    /// <summary>dim 192, depth 8, 3 heads: the released Sparsh-skin model.</summary>
    Tiny,

    /// <summary>dim 384, depth 12, 6 heads.</summary>
    Small,

    /// <summary>dim 768, depth 12, 12 heads.</summary>
    Base,
}
