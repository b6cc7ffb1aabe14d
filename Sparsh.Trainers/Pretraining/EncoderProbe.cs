using Sparsh.Trainers.Encoder;
using Sparsh.Trainers.LinearProbe;
using Sparsh.Trainers.Training;
using Sparsh.Transforms.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Pretraining;

/// <summary>
/// A ridge probe on frozen encoder features (register embedding and mean taxel token): fitted in closed form on some recordings, scored on others as the mean over
/// outputs of RMSE / label std (1 = no better than the mean). Deterministic: no random draws, no gradients.
/// </summary>
public sealed class EncoderProbe
{
    private const int BatchSize = 64;
    private readonly EncoderProbeOptions _options;
    private readonly WindowSet _windows;
    private readonly float[] _labels;
    private readonly int _outputs;
    private readonly int[] _train;
    private readonly int[] _test;

    /// <summary>Reads the probe's windows and labels and splits its recordings; throws naming what is missing.</summary>
    public EncoderProbe(EncoderProbeOptions options, SparshSkinEncoderConfig config, SparshSkinEncoderColumns columns)
    {
        options.Validate();
        _options = options;
        _windows = WindowSet.Read(options.Data!, config, columns);
        var (rows, values) = DataViewReader.ReadFloatColumns(options.Data!, options.LabelColumnName);
        if (rows < 2) throw new ArgumentException($"Probe '{options.Name}' needs labelled windows in '{options.LabelColumnName}', got {rows}.", nameof(options));
        _labels = values[0];
        _outputs = _labels.Length / rows;
        string[] groups = DataViewReader.ReadTextColumn(options.Data!, options.GroupColumnName);
        (_train, _test) = ValidationSplit.ByGroup(groups, options.TestFraction, options.Seed);
        if (_test.Length == 0)
            throw new ArgumentException($"Probe '{options.Name}' needs windows of at least 2 recordings in '{options.GroupColumnName}' (fitted on some, scored on others); got {groups.Distinct().Count()}.", nameof(options));
    }

    /// <summary>The probe's name (e.g. "force").</summary>
    public string Name => _options.Name;

    /// <summary>Scores <paramref name="encoder"/> (on the CPU): mean over outputs of held-out RMSE / label std; lower is better, 1 is the mean's score.</summary>
    public double Measure(SparshSkinEncoder encoder) => Measure(encoder, CPU);

    internal double Measure(SparshSkinEncoder encoder, Device device)
    {
        bool training = encoder.training;
        encoder.eval();
        try
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            var features = Features(encoder, device);
            var labels = tensor(_labels, [_labels.Length / _outputs, _outputs]).to(device);
            var train = tensor(_train, device: device);
            var test = tensor(_test, device: device);
            var (xTrain, yTrain) = (features.index_select(0, train), labels.index_select(0, train));
            var (xTest, yTest) = (features.index_select(0, test), labels.index_select(0, test));

            var predicted = RidgeRegression.Predict(xTest, RidgeRegression.Fit(xTrain, yTrain, _options.RidgeLambda)).to_type(ScalarType.Float32);
            var rmse = (predicted - yTest).square().mean([0]).sqrt();
            var spread = yTest.std(0, unbiased: false).clamp_min(1e-12);
            return (rmse / spread).mean().item<float>();
        }
        finally
        {
            encoder.train(training);
        }
    }

    // Per window: the register embedding and the mean taxel token, [N, 2D].
    private Tensor Features(SparshSkinEncoder encoder, Device device)
    {
        var parts = new List<Tensor>();
        for (int start = 0; start < _windows.Count; start += BatchSize)
        {
            var indices = Enumerable.Range(start, Math.Min(BatchSize, _windows.Count - start)).ToArray();
            var batch = _windows.Batch(indices, device);
            var output = encoder.Encode(batch.Windows, validity: batch.Validity);
            parts.Add(cat([output.Register, output.Tokens.mean([1])], 1));
        }
        return cat(parts, 0);
    }
}
