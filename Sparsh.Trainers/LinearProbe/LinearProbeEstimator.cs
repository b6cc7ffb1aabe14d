using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Trainers.Torch;
using Sparsh.Transforms.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.LinearProbe;

/// <summary>
/// Trains a multi-output linear probe (features -> labels) in TorchSharp with AdamW on mean squared
/// error; inputs are standardised inside the probe. The fitted transformer needs no TorchSharp.
/// </summary>
public sealed class LinearProbeEstimator : IEstimator<LinearProbeTransformer>
{
    private readonly MLContext _mlContext;
    private readonly LinearProbeOptions _options;

    /// <summary>Creates the estimator with a copy of <paramref name="options"/>, validated here.</summary>
    internal LinearProbeEstimator(MLContext mlContext, LinearProbeOptions options)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(options);
        _mlContext = mlContext;
        _options = options.Clone();
        _options.Validate();
    }

    /// <inheritdoc/>
    public LinearProbeTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (rows, values) = DataViewReader.ReadFloatColumns(input, _options.FeatureColumnName, _options.LabelColumnName);
        if (rows == 0) throw new InvalidOperationException($"No training rows in columns '{_options.FeatureColumnName}'/'{_options.LabelColumnName}'.");
        int featureCount = values[0].Length / rows, outputCount = values[1].Length / rows;
        var (mean, std) = Standardisation(values[0], rows, featureCount);

        using var log = new TrainingLog<double>(_mlContext, nameof(LinearProbeEstimator), null);
        var device = TorchDevice.Resolve(_options.Device, cpuThreads: 0);
        torch.random.manual_seed(_options.Seed);
        using var layer = nn.Linear(featureCount, outputCount).to(device);
        using var optimizer = optim.AdamW(layer.parameters(), _options.LearningRate, weight_decay: _options.WeightDecay);
        using (var scope = NewDisposeScope())
        {
            var x = (tensor(values[0], [rows, featureCount]).to(device) - tensor(mean).to(device)) / tensor(std).to(device);
            var y = tensor(values[1], [rows, outputCount]).to(device);
            for (int epoch = 1; epoch <= _options.Epochs; epoch++)
            {
                using var stepScope = NewDisposeScope();
                optimizer.zero_grad();
                var loss = nn.functional.mse_loss(layer.forward(x), y);
                loss.backward();
                optimizer.step();
                if (epoch == 1 || epoch == _options.Epochs || epoch % 50 == 0)
                    log.Info($"epoch {epoch}/{_options.Epochs} mse {loss.item<float>():G5}");
            }
        }
        float[] weight = layer.weight!.cpu().data<float>().ToArray();
        float[] bias = layer.bias!.cpu().data<float>().ToArray();
        return new LinearProbeTransformer(_options, FoldStandardisation(weight, bias, mean, std, outputCount), bias, featureCount);
    }

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        SchemaChecks.RequireFloatVector(inputSchema, _options.FeatureColumnName, "features");
        return SchemaShapes.Append(inputSchema, [new(_options.ScoreColumnName, new VectorDataViewType(NumberDataViewType.Single))]);
    }

    private static (float[] Mean, float[] Std) Standardisation(float[] x, int rows, int width)
    {
        var mean = new double[width];
        var square = new double[width];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < width; c++) { double v = x[r * width + c]; mean[c] += v; square[c] += v * v; }
        var m = new float[width];
        var s = new float[width];
        for (int c = 0; c < width; c++)
        {
            m[c] = (float)(mean[c] / rows);
            s[c] = (float)Math.Max(Math.Sqrt(Math.Max(square[c] / rows - m[c] * (double)m[c], 0)), 1e-6);
        }
        return (m, s);
    }

    // Folds (x - mean) / std into the weights so inference is a plain affine map; adjusts bias in place.
    private static float[] FoldStandardisation(float[] weight, float[] bias, float[] mean, float[] std, int outputs)
    {
        int width = mean.Length;
        var folded = new float[weight.Length];
        for (int o = 0; o < outputs; o++)
            for (int c = 0; c < width; c++)
            {
                folded[o * width + c] = weight[o * width + c] / std[c];
                bias[o] -= folded[o * width + c] * mean[c];
            }
        return folded;
    }
}
