using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.MLNet;
using Sparsh.MLNet.Splits;
using Sparsh.Trainers.Decoders;
using Sparsh.Trainers.Encoder;
using Sparsh.Trainers.Training;
using Sparsh.Transforms.Core;
using Sparsh.Transforms.Simulation;
using Sparsh.Transforms.Xela;

namespace Sparsh.Quickstart;

/// <summary>
/// The paper's sample-efficiency study as one loop, shared by the force (Quickstart) and pose (PoseTracking) runs: at each
/// labelled-data budget, train Frozen / FineTune / EndToEnd decoders on the same chosen recordings and evaluate them on the
/// same held-out windows. Frozen decoders read the encoder's tokens, computed once per budget; the others read windows.
/// </summary>
public sealed class DecoderComparison(MLContext mlContext, WindowPreparation preparation, SparshSkinEncoderTransformer encoder)
{
    /// <summary>Fits one decoder of <paramref name="mode"/> on <paramref name="training"/> (tokens for Frozen, windows otherwise).</summary>
    public delegate (ITransformer Model, TrainingHistory History) FitDecoder(DecoderMode mode, double budget, IDataView training);

    /// <summary>What the decoders predict: label column, output names and optional accuracy thresholds per output.</summary>
    public sealed record Target(string LabelColumnName, IReadOnlyList<string> OutputNames, IReadOnlyList<double>? Thresholds = null);

    /// <summary>Runs every mode at every budget (smallest budget first; smaller budgets are subsets of larger ones).</summary>
    public List<(DecoderResult Result, ITransformer Model)> Run(string data, IReadOnlyList<DatasetEntry> trainRecordings, IDataView testWindows,
        Target target, IReadOnlyList<double> budgets, IReadOnlyList<DecoderMode> modes, int seed, FitDecoder fit)
    {
        var results = new List<(DecoderResult, ITransformer)>();
        var testTokens = mlContext.Data.Cache(encoder.Transform(testWindows));
        foreach (double budget in budgets.Order())
        {
            var chosen = DataBudget.Select(trainRecordings, budget, seed);
            var windows = preparation.Windows(mlContext.Sparsh().Frames(chosen.Select(e => DatasetManifest.LoadRecording(data, e))), target.LabelColumnName);
            var tokens = mlContext.Data.Cache(encoder.Transform(windows));
            int windowCount = windows.GetColumn<double>(XelaColumnNames.WindowStartSeconds).Count();
            foreach (var mode in modes)
            {
                var (model, history) = fit(mode, budget, mode == DecoderMode.Frozen ? tokens : windows);
                var scored = model.Transform(mode == DecoderMode.Frozen ? testTokens : testWindows);
                var metrics = mlContext.Sparsh().Evaluate(scored, target.LabelColumnName, "Score", target.OutputNames, target.Thresholds);
                var (_, values) = DataViewReader.ReadFloatColumns(scored, target.LabelColumnName, "Score");
                results.Add((new DecoderResult(mode, budget, chosen.Count, windowCount, metrics, history, values[0], values[1]), model));
            }
        }
        return results;
    }
}
