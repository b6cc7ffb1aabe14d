namespace Sparsh.Simulation.Skins;

/// <summary>How a broken taxel misbehaves.</summary>
public enum TaxelFault
{
    /// <summary>Works.</summary>
    None,

    /// <summary>Reads 0 on every axis (outside the valid range).</summary>
    DeadLow,

    /// <summary>Reads 65535 on every axis (outside the valid range).</summary>
    DeadHigh,

    /// <summary>Reads a constant in-range value that ignores contact and noise (the nasty case: it looks valid).</summary>
    Stuck,
}
