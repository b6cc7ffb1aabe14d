using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Tensor = TorchSharp.torch.Tensor;

namespace Sparsh.Trainers.Tests.Onnx;

/// <summary>Runs a model in ONNX Runtime and compares with TorchSharp; tracks the worst error seen for reports.</summary>
internal static class OnnxRun
{
    /// <summary>A float or bool graph input.</summary>
    public sealed record Input(string Name, Array Values, int[] Shape);

    public static Input Float(string name, Tensor tensor) =>
        new(name, tensor.cpu().contiguous().data<float>().ToArray(), tensor.shape.Select(d => (int)d).ToArray());

    public static Input Bool(string name, Tensor tensor) =>
        new(name, tensor.cpu().contiguous().data<bool>().ToArray(), tensor.shape.Select(d => (int)d).ToArray());

    public static Dictionary<string, float[]> Run(byte[] model, params Input[] inputs)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        using var session = new InferenceSession(model, options);
        var feeds = inputs.Select(i => i.Values switch
        {
            float[] f => NamedOnnxValue.CreateFromTensor(i.Name, new DenseTensor<float>(f, i.Shape)),
            bool[] b => NamedOnnxValue.CreateFromTensor(i.Name, new DenseTensor<bool>(b, i.Shape)),
            _ => throw new ArgumentException($"Input '{i.Name}' is neither float nor bool."),
        }).ToList();
        using var results = session.Run(feeds);
        return results.ToDictionary(r => r.Name, r => r.AsTensor<float>().ToArray());
    }

    public static float[] Values(Tensor tensor) => tensor.detach().cpu().contiguous().data<float>().ToArray();

    /// <summary>
    /// Asserts |actual - expected| &lt;= max(relative * |expected|, absolute) element-wise and returns the largest
    /// absolute and relative errors (relative over elements with |expected| &gt; absolute / relative).
    /// </summary>
    public static (double Absolute, double Relative) AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what,
        double relative = 1e-4, double absolute = 1e-5)
    {
        Assert.AreEqual(expected.Length, actual.Length, $"{what}: length");
        double worstAbs = 0, worstRel = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.IsFalse(float.IsNaN(expected[i]) || float.IsNaN(actual[i]), $"{what}: NaN at element {i} ({expected[i]} vs {actual[i]}).");
            double error = Math.Abs((double)actual[i] - expected[i]);
            worstAbs = Math.Max(worstAbs, error);
            if (Math.Abs(expected[i]) > absolute / relative) worstRel = Math.Max(worstRel, error / Math.Abs(expected[i]));
            if (!(error <= Math.Max(relative * Math.Abs(expected[i]), absolute)))
                Assert.Fail($"{what}: element {i} is {actual[i]:R}, expected {expected[i]:R} (error {error:G3}).");
        }
        Console.WriteLine($"{what}: max abs error {worstAbs:G3}, max rel error {worstRel:G3} over {expected.Length} values");
        return (worstAbs, worstRel);
    }
}
