using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using Sparsh.MLNet.Regression;
using Sparsh.Trainers.Decoders;
using Sparsh.Trainers.Training;
using static Sparsh.MLNet.Sweeps.SweepParameterNames;

namespace Sparsh.MLNet.Sweeps;

/// <summary>Builds the estimator of a built-in family from a trial's parameters; every estimator writes a float vector "Score".</summary>
internal static class SweepPipelines
{
    private const string NormalizedEmbedding = "SweepNormalizedEmbedding";

    /// <summary>The trial's estimator: <see cref="SweepOptions.PipelineFactory"/>'s when set, else the built-in family's.</summary>
    public static IEstimator<ITransformer> CreateEstimator(MLContext context, SweepTrial trial, SweepOptions options, int? threads,
        IProgress<EpochReport>? epochs, CancellationToken cancellationToken)
        => options.PipelineFactory?.Invoke(context, trial) ?? Create(context, trial, options, threads, epochs, cancellationToken);

    /// <param name="mlContext">The trial's own context (seeded by the trial).</param>
    /// <param name="trial">Family and parameters.</param>
    /// <param name="options">Sweep options (columns, batch size, the encoder for FineTune and EndToEnd).</param>
    /// <param name="threads">Trainer threads; null keeps each trainer's default.</param>
    /// <param name="epochs">Receives the TorchSharp trainer's per-epoch reports (median stopping reads them).</param>
    /// <param name="cancellationToken">Passed to the TorchSharp trainer.</param>
    public static IEstimator<ITransformer> Create(MLContext mlContext, SweepTrial trial, SweepOptions options, int? threads,
        IProgress<EpochReport>? epochs, CancellationToken cancellationToken)
    {
        var p = trial.Parameters;
        int seed = trial.Seed(options.Seed);
        switch (trial.Family)
        {
            case SweepFamily.AttentivePooler:
                var mode = p.Contains(Mode) ? p.GetEnum<DecoderMode>(Mode) : DecoderMode.Frozen;
                // The estimator would throw too, but only at Fit and with a message aimed at direct callers.
                if (mode == DecoderMode.FineTune && options.Encoder == null)
                    throw new ArgumentException(
                        $"Mode {mode} trains the pretrained Sparsh-skin encoder with the decoder: set SweepOptions.Encoder to the pretrained encoder module, and give the data the window columns it reads ('{options.EncoderColumns.MagneticColumnName}', '{options.EncoderColumns.TaxelPositionsColumnName}').");
                var defaults = new AttentivePoolerRegressorOptions();
                return new AttentivePoolerRegressorEstimator(mlContext, new AttentivePoolerRegressorOptions
                {
                    Mode = mode,
                    TokensColumnName = options.TokensColumnName,
                    LabelColumnName = options.LabelColumnName,
                    ScoreColumnName = "Score",
                    GroupColumnName = options.GroupColumnName,
                    Heads = p.GetInt(Heads, defaults.Heads),
                    HiddenWidth = p.Contains(HiddenWidth) ? p.GetInt(HiddenWidth) : null,
                    MlpDepth = p.GetInt(MlpDepth, defaults.MlpDepth),
                    LearningRate = p.GetDouble(LearningRate, defaults.LearningRate),
                    Epochs = p.GetInt(Epochs, defaults.Epochs),
                    BatchSize = options.BatchSize,
                    ValidationFraction = options.ValidationFraction,
                    Encoder = options.Encoder,
                    EncoderConfig = options.EncoderConfig,
                    EncoderColumns = options.EncoderColumns,
                    EncoderLearningRate = p.Contains(EncoderLearningRate) ? p.GetDouble(EncoderLearningRate) : null,
                    Seed = seed,
                    CpuThreads = threads ?? 0,
                    Progress = epochs,
                    CancellationToken = cancellationToken,
                });

            case SweepFamily.FastTree:
                return PerOutput(mlContext, options, options.EmbeddingColumnName, (label, features) => mlContext.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options
                {
                    LabelColumnName = label,
                    FeatureColumnName = features,
                    NumberOfLeaves = p.GetInt(NumberOfLeaves, 20),
                    NumberOfTrees = p.GetInt(NumberOfTrees, 100),
                    LearningRate = p.GetDouble(LearningRate, 0.2),
                    MinimumExampleCountPerLeaf = p.GetInt(MinimumExampleCountPerLeaf, 10),
                    NumberOfThreads = threads,
                    Seed = seed,
                }));

            case SweepFamily.LightGbm:
                return PerOutput(mlContext, options, options.EmbeddingColumnName, (label, features) => mlContext.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options
                {
                    LabelColumnName = label,
                    FeatureColumnName = features,
                    NumberOfLeaves = p.GetInt(NumberOfLeaves, 20),
                    NumberOfIterations = p.GetInt(NumberOfTrees, 100),
                    LearningRate = p.GetDouble(LearningRate, 0.2),
                    MinimumExampleCountPerLeaf = p.GetInt(MinimumExampleCountPerLeaf, 10),
                    NumberOfThreads = threads,
                    Seed = seed,
                    Verbose = false,
                    Silent = true,
                }));

            case SweepFamily.Sdca:
                // SDCA is a linear model fitted by coordinate ascent: unscaled embeddings slow or stall it.
                return mlContext.Transforms.NormalizeMeanVariance(NormalizedEmbedding, options.EmbeddingColumnName)
                    .Append(PerOutput(mlContext, options, NormalizedEmbedding, (label, features) => mlContext.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options
                    {
                        LabelColumnName = label,
                        FeatureColumnName = features,
                        L2Regularization = (float)p.GetDouble(L2Regularization, 1e-4),
                        L1Regularization = (float)p.GetDouble(L1Regularization, 1e-6),
                        MaximumNumberOfIterations = p.GetInt(MaximumNumberOfIterations, 50),
                        NumberOfThreads = threads,
                        // SDCA's shuffling is the only randomness; its seed comes from the trial's context.
                    })));

            default:
                throw new NotSupportedException($"Sweep family {trial.Family} has no built-in pipeline.");
        }
    }

    private static IEstimator<ITransformer> PerOutput(MLContext mlContext, SweepOptions options, string features,
        Func<string, string, IEstimator<ITransformer>> trainer)
        => new PerOutputRegressionEstimator(mlContext, trainer, features, options.LabelColumnName, "Score");
}
