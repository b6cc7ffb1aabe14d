using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Transforms.Normalization;
using Sparsh.Transforms.Preprocessing;
using Sparsh.Transforms.Xela;

namespace Sparsh.Transforms.Tests.Normalization;

/// <summary>NaN or infinity reaching normalisation (the validity step skipped) is an error naming the column, row and slot.</summary>
[TestClass]
public sealed class NormalizationInputTests
{
    private sealed class Frame
    {
        [VectorType(XelaSkin.TaxelCount, XelaSkin.AxisCount)] public float[] Magnetic { get; set; } = [];
    }

    [TestMethod]
    [DataRow(float.NaN)]
    [DataRow(float.PositiveInfinity)]
    public void NonFiniteCountNamesColumnRowAndSlot(float bad)
    {
        var mlContext = new MLContext(seed: 1);
        var frames = Enumerable.Range(0, 3).Select(_ => new Frame { Magnetic = Enumerable.Repeat(30000f, XelaSkin.ValuesPerFrame).ToArray() }).ToArray();
        frames[2].Magnetic[7 * 3 + 1] = bad;
        var data = mlContext.Data.LoadFromEnumerable(frames);
        var normalization = new XelaNormalizationEstimator(new XelaNormalizationOptions
        {
            Statistics = new MagneticChannelStatistics([0, 0, 0], [1000, 1000, 1000]),
        }).Fit(data);

        var rows = normalization.Transform(data).GetColumn<float[]>(XelaColumnNames.Magnetic).GetEnumerator();
        Assert.IsTrue(rows.MoveNext());
        Assert.AreEqual(30f, rows.Current[0], 1e-4f, "a finite frame normalises as before");
        Assert.IsTrue(rows.MoveNext());
        var error = Assert.ThrowsExactly<InvalidDataException>(() => rows.MoveNext());
        StringAssert.Contains(error.Message, "Column 'Magnetic', row 2");
        StringAssert.Contains(error.Message, "taxel 7, axis 1");
        StringAssert.Contains(error.Message, "XelaValidity");
    }
}
