using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.MLNet.Evaluation;
using Sparsh.MLNet.Splits;
using Sparsh.Trainers.Decoders;
using Sparsh.Trainers.Encoder;
using Sparsh.Trainers.Hiss;
using Sparsh.Trainers.LinearProbe;
using Sparsh.Trainers.Training;
using Sparsh.Transforms.Core;

namespace Sparsh.MLNet.Studies;

/// <summary>
/// The paper's sample-efficiency study (its Figures 7 and 12): decoders in every mode, trained on nested budgets of whole
/// labelled recordings, for several seeds, each tuned over the same learning-rate grid and early-stopped on one fixed set of
/// validation recordings, and scored on test recordings that choose nothing. The best run on validation, of any mode, is kept as the model to ship.
/// </summary>
public sealed class SampleEfficiencyStudy
{
    private readonly MLContext _mlContext;
    private readonly SampleEfficiencyOptions _options;

    /// <summary>Creates the study; the options are validated and copied.</summary>
    public SampleEfficiencyStudy(MLContext mlContext, SampleEfficiencyOptions options)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _mlContext = mlContext;
        _options = options.Clone();
    }

    /// <summary>
    /// Runs the study. <paramref name="labelled"/> holds model-ready labelled windows (the budgets' pool and the validation
    /// recordings), <paramref name="test"/> windows of other recordings; <paramref name="encoder"/> is the pretrained encoder
    /// (Frozen, FineTune and the probe start from it; EndToEnd only takes its architecture).
    /// </summary>
    public SampleEfficiencyResult Run(IDataView labelled, IDataView test, SparshSkinEncoderTransformer encoder)
    {
        ArgumentNullException.ThrowIfNull(labelled);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(encoder);
        var o = _options;
        var plan = SampleEfficiencyPlan.Create(labelled, test, o);
        using var log = new TrainingLog<SampleEfficiencyProgress>(_mlContext, nameof(SampleEfficiencyStudy), o.Progress);
        log.Info($"{plan.Pool.Count} labelled recordings in the pool, {plan.Validation.Count} for validation, {plan.Test.Count} for test; " +
                 $"budgets [{string.Join(", ", o.BudgetRecordings)}] x seeds [{string.Join(", ", o.Seeds)}] x modes [{string.Join(", ", o.Modes)}]");

        bool needsTokens = o.Modes.Any(ReadsTokens);
        var labelledTokens = needsTokens ? _mlContext.Data.Cache(encoder.Transform(labelled)) : null;
        var testTokens = needsTokens ? _mlContext.Data.Cache(encoder.Transform(test)) : null;
        // Cached: every run is scored on them.
        var validationWindows = _mlContext.Data.Cache(Keep(labelled, plan.Validation));
        var validationTokens = labelledTokens is null ? null : _mlContext.Data.Cache(Keep(labelledTokens, plan.Validation));

        var runs = new List<SampleEfficiencyRun>();
        ITransformer? bestModel = null;
        SampleEfficiencyRun? bestRun = null;
        int total = o.Seeds.Count * o.BudgetRecordings.Count * o.Modes.Sum(m => Grid(m).Count);
        foreach (int seed in o.Seeds)
        {
            foreach (int budget in o.BudgetRecordings.Order())
            {
                var chosen = plan.Budget(seed, budget);
                int trainingWindows = chosen.Sum(r => plan.WindowsPerRecording[r]);
                // Decoders see the budget plus the validation recordings, which ValidationGroups keeps out of training.
                var withValidation = chosen.Concat(plan.Validation).ToArray();
                var windows = _mlContext.Data.Cache(Keep(labelled, withValidation));
                var tokens = labelledTokens is null ? null : _mlContext.Data.Cache(Keep(labelledTokens, withValidation));
                foreach (var mode in o.Modes)
                {
                    var candidates = new List<(SampleEfficiencyRun Run, ITransformer Model)>();
                    TrainingDivergedException? diverged = null;
                    // The trained modes are tuned over the learning rates, the probe over its ridge penalties: each on validation.
                    foreach (double setting in Grid(mode))
                    {
                        bool probe = mode.IsRidgeProbe();
                        double learningRate = probe ? double.NaN : setting;
                        o.CancellationToken.ThrowIfCancellationRequested();
                        ITransformer model;
                        TrainingHistory history;
                        try
                        {
                            (model, history) = probe
                                ? (_mlContext.Sparsh().LinearProbe(ProbeOptions(mode, setting, encoder.Columns)).Fit(Keep(mode == SampleEfficiencyMode.LinearProbe ? labelledTokens! : labelled, chosen)),
                                    new TrainingHistory())
                                : FitDecoder(mode, learningRate, seed, (trainingWindows, plan.Sequences(chosen, o.SequenceLengthWindows)), mode == SampleEfficiencyMode.Frozen ? tokens! : windows, encoder, plan.Validation);
                        }
                        catch (TrainingDivergedException e) when (o.LearningRates.Count > 1)
                        {
                            // One rate of the grid diverging is an answer about that rate, not about the mode: the others compete.
                            diverged = e;
                            log.Info($"{mode} budget {budget} seed {seed} lr {setting:G3}: diverged, left out of the selection ({e.Message})");
                            continue;
                        }
                        bool readsTokens = ReadsTokens(mode);
                        var (validationScore, _) = Score(model, readsTokens ? validationTokens! : validationWindows);
                        var (testScore, testMetrics) = Score(model, readsTokens ? testTokens! : test);
                        var run = new SampleEfficiencyRun(mode, budget, seed, learningRate, chosen, trainingWindows, validationScore, testScore, testMetrics, history)
                        {
                            L2Regularization = probe ? setting : double.NaN,
                        };
                        candidates.Add((run, readsTokens ? new TransformerChain<ITransformer>(encoder, model) : model));
                        log.Report(new SampleEfficiencyProgress(runs.Count + candidates.Count, total, run),
                            $"{mode} budget {budget} seed {seed} {Setting(run)}: validation {validationScore:F4} test {testScore:F4} (RMSE / label std), " +
                            $"test mean RMSE {run.TestMeanRmse:G4}");
                    }
                    if (candidates.Count == 0)
                        throw new InvalidOperationException($"{mode} at budget {budget}, seed {seed}: training diverged at every learning rate " +
                            $"({string.Join(", ", o.LearningRates.Select(r => r.ToString("G3", System.Globalization.CultureInfo.InvariantCulture)))}); try smaller ones.", diverged);
                    var selected = candidates.MinBy(c => Ranked(c.Run));
                    runs.AddRange(candidates.Select(c => c.Run with { Selected = ReferenceEquals(c.Run, selected.Run) }));
                    // Every mode that ships competes on the same validation recordings, the probe included where it ships (it saves
                    // to ONNX like the decoders; a fixed choice of mode would ship a worse model whenever the probe reads best).
                    if (Ships(mode) && (bestRun is null || Ranked(selected.Run) < Ranked(bestRun)))
                        (bestRun, bestModel) = (selected.Run with { Selected = true }, selected.Model);
                }
            }
        }
        if (bestRun is not null) log.Info($"best on validation: {bestRun.Mode} budget {bestRun.BudgetRecordings} seed {bestRun.Seed} {Setting(bestRun)}");
        return new SampleEfficiencyResult(o, runs, plan.Validation, plan.Test, bestRun, bestModel);
    }

    private (ITransformer Model, TrainingHistory History) FitDecoder(SampleEfficiencyMode mode, double learningRate, int seed, (int Windows, int Sequences) trainingUnits,
        IDataView data, SparshSkinEncoderTransformer encoder, IReadOnlyList<string> validation)
    {
        var o = _options;
        // Same optimiser steps at every budget: a small budget is seen for many epochs, a large one for few.
        int units = o.Decoder == SampleEfficiencyDecoder.Temporal ? trainingUnits.Sequences : trainingUnits.Windows;
        int stepsPerEpoch = Math.Max(1, (int)Math.Ceiling(units / (double)o.BatchSize));
        int epochs = Math.Max(1, (int)Math.Ceiling(o.OptimizerSteps / (double)stepsPerEpoch));
        if (mode == SampleEfficiencyMode.Hiss)
        {
            var hiss = Scheduled(new HissRegressorOptions
            {
                SequenceLengthWindows = o.SequenceLengthWindows, ChunkHiddenSize = o.HissHiddenSize, SequenceHiddenSize = o.HissHiddenSize,
                LabelColumnName = o.LabelColumnName, GroupColumnName = o.GroupColumnName, OutputActivations = o.OutputActivations,
                Progress = o.EpochProgress, CancellationToken = o.CancellationToken,
            }, epochs, learningRate, seed, validation);
            var fitted = _mlContext.Sparsh().HissRegressor(hiss).Fit(data);
            return (fitted, fitted.History);
        }
        DecoderTrainingOptions options = o.Decoder == SampleEfficiencyDecoder.Temporal
            ? new TemporalDecoderRegressorOptions { SequenceLengthWindows = o.SequenceLengthWindows }
            : new AttentivePoolerRegressorOptions { HiddenWidth = o.HiddenWidth };
        options.Mode = mode switch
        {
            SampleEfficiencyMode.Frozen => DecoderMode.Frozen,
            SampleEfficiencyMode.FineTune => DecoderMode.FineTune,
            _ => DecoderMode.EndToEnd,
        };
        options.Encoder = mode == SampleEfficiencyMode.FineTune ? encoder.Encoder : null;
        options.EncoderConfig = encoder.Config;
        options.EncoderLearningRate = mode == SampleEfficiencyMode.FineTune ? learningRate * o.FineTuneEncoderLearningRateRatio : null;
        options.LabelColumnName = o.LabelColumnName;
        options.GroupColumnName = o.GroupColumnName;
        options.Heads = o.Heads;
        options.OutputActivations = o.OutputActivations;
        options.Progress = o.EpochProgress;
        options.CancellationToken = o.CancellationToken;
        return Scheduled(options, epochs, learningRate, seed, validation) switch
        {
            TemporalDecoderRegressorOptions temporal => Fitted(_mlContext.Sparsh().TemporalDecoderRegressor(temporal).Fit(data)),
            AttentivePoolerRegressorOptions pooler => Fitted(_mlContext.Sparsh().AttentivePoolerRegressor(pooler).Fit(data)),
            _ => throw new InvalidOperationException($"Unknown decoder options {options.GetType().Name}."),
        };

        static (ITransformer, TrainingHistory) Fitted(ITransformer model)
            => (model, model switch
            {
                TemporalDecoderRegressorTransformer t => t.History,
                AttentivePoolerRegressorTransformer a => a.History,
                _ => new TrainingHistory(),
            });
    }

    // The optimisation schedule every trained mode shares: the same steps, batch, validation recordings and patience rules.
    private T Scheduled<T>(T options, int epochs, double learningRate, int seed, IReadOnlyList<string> validation) where T : SupervisedTrainingOptions
    {
        var o = _options;
        options.Epochs = epochs;
        options.MaxSteps = o.OptimizerSteps;
        options.BatchSize = o.BatchSize;
        options.LearningRate = learningRate;
        options.ValidationGroups = validation;
        // About ten validations per run, whatever the budget; patience counts epochs, so it spans at least three validations.
        options.ValidateEveryEpochs = Math.Max(1, epochs / o.ValidationsPerRun);
        options.EarlyStoppingPatience = Math.Max(3 * options.ValidateEveryEpochs, (int)Math.Ceiling(o.PatienceFraction * epochs));
        options.Seed = seed;
        options.CpuThreads = o.CpuThreads;
        return options;
    }

    // Frozen decoders and the probe read the frozen encoder's output, computed once; the others read windows.
    private static bool ReadsTokens(SampleEfficiencyMode mode) => mode is SampleEfficiencyMode.Frozen or SampleEfficiencyMode.LinearProbe;

    // A run whose validation score is NaN (diverged, or a constant output) ranks last, never first.
    private static double Ranked(SampleEfficiencyRun run) => double.IsNaN(run.ValidationNormalizedRmse) ? double.PositiveInfinity : run.ValidationNormalizedRmse;

    // HiSS has no ONNX export yet; with the temporal decoder the probe reads one window, not the sequence a tracking
    // chain is saved for, so it is an instrument there. Every other mode competes to be shipped.
    private bool Ships(SampleEfficiencyMode mode) => mode switch
    {
        SampleEfficiencyMode.Hiss => false,
        SampleEfficiencyMode.LinearProbe or SampleEfficiencyMode.SignalProbe => _options.Decoder != SampleEfficiencyDecoder.Temporal,
        _ => true,
    };

    private IReadOnlyList<double> Grid(SampleEfficiencyMode mode) => mode switch
    {
        SampleEfficiencyMode.LinearProbe => _options.LinearProbeL2Regularizations,
        SampleEfficiencyMode.SignalProbe => _options.SignalProbeL2Regularizations,
        _ => _options.LearningRates,
    };

    private static string Setting(SampleEfficiencyRun run)
        => run.Mode.IsRidgeProbe() ? $"ridge {run.L2Regularization:G3}" : $"lr {run.LearningRate:G3}";

    // The linear probe reads the encoder's output as the options say; the signal probe the normalised flux's frame mean.
    private LinearProbeOptions ProbeOptions(SampleEfficiencyMode mode, double l2Regularization, SparshSkinEncoderColumns columns) => new()
    {
        FeatureColumnName = mode == SampleEfficiencyMode.SignalProbe ? columns.MagneticColumnName
            : _options.LinearProbeFeatures == LinearProbeFeatures.AsGiven ? columns.EmbeddingColumnName : columns.TokensColumnName,
        Features = mode == SampleEfficiencyMode.SignalProbe ? LinearProbeFeatures.FrameMean : _options.LinearProbeFeatures,
        LabelColumnName = _options.LabelColumnName,
        L2Regularization = l2Regularization,
    };

    /// <summary>Mean normalised RMSE and the per-output metrics of a model on a labelled view.</summary>
    private (double NormalizedRmse, MultiOutputRegressionMetrics Metrics) Score(ITransformer model, IDataView data)
    {
        var scored = model.Transform(data);
        var (rows, values) = DataViewReader.ReadFloatColumns(scored, _options.LabelColumnName, "Score");
        if (rows == 0) throw new InvalidOperationException($"No rows to score in '{_options.LabelColumnName}'.");
        int width = values[0].Length / rows;
        var metrics = MultiOutputRegressionEvaluator.Compute(values[0], values[1], width, _options.OutputNames, _options.Thresholds);
        return (metrics.MeanNormalizedRootMeanSquaredError, metrics);
    }

    private IDataView Keep(IDataView data, IReadOnlyCollection<string> recordings)
        => GroupFilter.Keep(_mlContext, data, _options.GroupColumnName, recordings.ToHashSet(StringComparer.Ordinal));
}
