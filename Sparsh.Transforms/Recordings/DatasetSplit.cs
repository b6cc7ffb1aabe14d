namespace Sparsh.Transforms.Recordings;

/// <summary>Which part of a data set a recording belongs to.</summary>
public enum DatasetSplit
{
    /// <summary>Training data.</summary>
    Train,

    /// <summary>Model selection data.</summary>
    Validation,

    /// <summary>Held-out evaluation data.</summary>
    Test,
}
