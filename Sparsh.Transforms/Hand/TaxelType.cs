namespace Sparsh.Transforms.Hand;

/// <summary>The three XELA sensor types on the Allegro hand; Sparsh-skin learns one embedding per type.</summary>
public enum TaxelType
{
    /// <summary>Curved fingertip sensor "aftc": 30 taxels on a 6 x 6 grid without its corners.</summary>
    CurvedFingertip,

    /// <summary>Flat XR1944 4 x 4 patch on a phalanx (pitch 4.667 mm).</summary>
    Patch4x4,

    /// <summary>Flat XR1946 4 x 6 palm patch (pitch 7.24 x 7.17 mm).</summary>
    Palm4x6,
}
