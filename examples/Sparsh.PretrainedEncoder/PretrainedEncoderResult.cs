using Sparsh.MLNet.Evaluation;
using Sparsh.Trainers.Encoder;

namespace Sparsh.PretrainedEncoder;

/// <summary>
/// What a run produced: the encoder the checkpoint held, test metrics of the fine-tuned force decoder, the saved zip and how
/// far plain ML.NET's predictions from it are from the in-memory model's, and the encoder written back for PyTorch.
/// </summary>
public sealed record PretrainedEncoderResult(
    SparshSkinEncoderConfig EncoderConfig,
    MultiOutputRegressionMetrics Test,
    string ModelPath,
    long AppRows,
    double AppLargestDifferenceNewtons,
    string ExportedEncoderPath,
    TimeSpan Elapsed);
