using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Sparsh.Transforms.Tests.Onnx;

/// <summary>Runs a model in ONNX Runtime with float inputs and returns every output flattened.</summary>
internal static class OnnxRun
{
    public static Dictionary<string, Array> Run(byte[] model, params (string Name, float[] Values, int[] Shape)[] inputs)
    {
        using var session = new InferenceSession(model);
        var feeds = inputs.Select(i => NamedOnnxValue.CreateFromTensor(i.Name, new DenseTensor<float>(i.Values, i.Shape))).ToList();
        using var results = session.Run(feeds);
        var outputs = new Dictionary<string, Array>();
        foreach (var result in results)
            outputs[result.Name] = result.ElementType switch
            {
                TensorElementType.Float => result.AsTensor<float>().ToArray(),
                TensorElementType.Bool => result.AsTensor<bool>().ToArray(),
                var other => throw new InvalidOperationException($"Output '{result.Name}' has unexpected type {other}."),
            };
        return outputs;
    }

    /// <summary>Asserts |actual - expected| &lt;= relative * |expected| + absolute element-wise, NaN matching NaN.</summary>
    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double relative, double absolute, string what)
    {
        Assert.AreEqual(expected.Length, actual.Length, $"{what}: length");
        for (var i = 0; i < expected.Length; i++)
        {
            if (float.IsNaN(expected[i]) && float.IsNaN(actual[i])) continue;
            var error = Math.Abs((double)actual[i] - expected[i]);
            if (!(error <= relative * Math.Abs(expected[i]) + absolute))
                Assert.Fail($"{what}: element {i} is {actual[i]:R}, expected {expected[i]:R} (error {error:G3}).");
        }
    }
}
