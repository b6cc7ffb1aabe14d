namespace Sparsh.MLNet.Sweeps;

/// <summary>The decoder families a sweep compares.</summary>
public enum SweepFamily
{
    /// <summary>Attentive-pooler regressor on the encoder's tokens (TorchSharp).</summary>
    AttentivePooler,

    /// <summary>ML.NET FastTree, one model per output, on the pooled embedding.</summary>
    FastTree,

    /// <summary>ML.NET LightGBM, one model per output, on the pooled embedding.</summary>
    LightGbm,

    /// <summary>ML.NET SDCA (linear), one model per output, on the mean/variance-normalised pooled embedding.</summary>
    Sdca,
}
