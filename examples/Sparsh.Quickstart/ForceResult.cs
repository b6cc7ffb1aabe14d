using Sparsh.MLNet.Evaluation;
using Sparsh.Trainers.Decoders;
using Sparsh.Trainers.Training;

namespace Sparsh.Quickstart;

/// <summary>One force decoder of the comparison: its mode, data budget, test metrics and training history.</summary>
public sealed record ForceResult(DecoderMode Mode, double Budget, int TrainingRecordings, int TrainingWindows,
    MultiOutputRegressionMetrics Test, TrainingHistory History, float[] Truth, float[] Predictions);
