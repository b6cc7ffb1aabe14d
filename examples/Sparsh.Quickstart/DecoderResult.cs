using Sparsh.MLNet.Evaluation;
using Sparsh.Trainers.Decoders;
using Sparsh.Trainers.Training;

namespace Sparsh.Quickstart;

/// <summary>One decoder of a mode x budget comparison: its mode, data budget, test metrics, training history and test predictions (row order of the test windows).</summary>
public sealed record DecoderResult(DecoderMode Mode, double Budget, int TrainingRecordings, int TrainingWindows,
    MultiOutputRegressionMetrics Test, TrainingHistory History, float[] Truth, float[] Predictions);
