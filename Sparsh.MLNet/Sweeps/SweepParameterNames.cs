namespace Sparsh.MLNet.Sweeps;

/// <summary>Names of the hyperparameters the built-in families read; a family ignores names it does not know.</summary>
public static class SweepParameterNames
{
    /// <summary>Attentive pooler: attention heads (must divide the token width).</summary>
    public const string Heads = "Heads";

    /// <summary>Attentive pooler: width of the MLP's hidden layers.</summary>
    public const string HiddenWidth = "HiddenWidth";

    /// <summary>Attentive pooler: hidden layers of the MLP.</summary>
    public const string MlpDepth = "MlpDepth";

    /// <summary>Attentive pooler: epochs.</summary>
    public const string Epochs = "Epochs";

    /// <summary>Attentive pooler: decoder mode (Frozen, FineTune, EndToEnd; the latter two need the window columns, FineTune also <see cref="SweepOptions.Encoder"/>).</summary>
    public const string Mode = "Mode";

    /// <summary>Attentive pooler, FineTune: the encoder's learning rate (default a tenth of the decoder's).</summary>
    public const string EncoderLearningRate = "EncoderLearningRate";

    /// <summary>Attentive pooler, FastTree, LightGBM: learning rate.</summary>
    public const string LearningRate = "LearningRate";

    /// <summary>FastTree, LightGBM: leaves per tree.</summary>
    public const string NumberOfLeaves = "NumberOfLeaves";

    /// <summary>FastTree: trees; LightGBM: boosting iterations.</summary>
    public const string NumberOfTrees = "NumberOfTrees";

    /// <summary>FastTree, LightGBM: minimum examples per leaf.</summary>
    public const string MinimumExampleCountPerLeaf = "MinimumExampleCountPerLeaf";

    /// <summary>SDCA: L2 regularisation.</summary>
    public const string L2Regularization = "L2Regularization";

    /// <summary>SDCA: L1 regularisation.</summary>
    public const string L1Regularization = "L1Regularization";

    /// <summary>SDCA: maximum passes over the data.</summary>
    public const string MaximumNumberOfIterations = "MaximumNumberOfIterations";
}
