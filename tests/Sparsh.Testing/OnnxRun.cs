using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Sparsh.Testing;

/// <summary>Runs a model in ONNX Runtime (one thread) and compares outputs element-wise with expected values.</summary>
public static class OnnxRun
{
    /// <summary>A float or bool graph input.</summary>
    public sealed record Input(string Name, Array Values, int[] Shape);

    /// <summary>Every output of <paramref name="model"/> on <paramref name="inputs"/>, flattened: float[] or bool[].</summary>
    public static Dictionary<string, Array> Run(byte[] model, params Input[] inputs)
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

    /// <summary><see cref="Run"/> for a model whose outputs are all float.</summary>
    public static Dictionary<string, float[]> RunFloats(byte[] model, params Input[] inputs)
        => Run(model, inputs).ToDictionary(o => o.Key, o => o.Value as float[] ?? throw new InvalidOperationException($"Output '{o.Key}' is not float."));

    /// <summary>
    /// Asserts |actual - expected| &lt;= max(relative * |expected|, absolute) element-wise and returns the largest absolute
    /// and relative errors (relative over elements with |expected| &gt; absolute / relative). NaN fails unless
    /// <paramref name="nanMatchesNan"/> and both sides are NaN (graphs that mark unreadable windows with NaN).
    /// </summary>
    public static (double Absolute, double Relative) AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what,
        double relative = 1e-4, double absolute = 1e-5, bool nanMatchesNan = false)
    {
        Assert.AreEqual(expected.Length, actual.Length, $"{what}: length");
        double worstAbs = 0, worstRel = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            if (nanMatchesNan && float.IsNaN(expected[i]) && float.IsNaN(actual[i])) continue;
            Assert.IsFalse(float.IsNaN(expected[i]) || float.IsNaN(actual[i]), $"{what}: NaN at element {i} ({expected[i]} vs {actual[i]}).");
            double error = Math.Abs((double)actual[i] - expected[i]);
            worstAbs = Math.Max(worstAbs, error);
            if (relative > 0 && Math.Abs(expected[i]) > absolute / relative) worstRel = Math.Max(worstRel, error / Math.Abs(expected[i]));
            if (!(error <= Math.Max(relative * Math.Abs(expected[i]), absolute)))
                Assert.Fail($"{what}: element {i} is {actual[i]:R}, expected {expected[i]:R} (error {error:G3}).");
        }
        Console.WriteLine($"{what}: max abs error {worstAbs:G3}, max rel error {worstRel:G3} over {expected.Length} values");
        return (worstAbs, worstRel);
    }
}
