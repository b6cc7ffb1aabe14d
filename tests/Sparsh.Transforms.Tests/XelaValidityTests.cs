using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Transforms.Validity;
using Sparsh.Transforms.Xela;

namespace Sparsh.Transforms.Tests;

[TestClass]
public sealed class XelaValidityTests
{
    private const int Frames = 2;
    private const int Length = Frames * XelaSkin.ValuesPerFrame;

    private sealed class Window
    {
        [VectorType(Frames, XelaSkin.TaxelCount, XelaSkin.AxisCount)] public float[] Magnetic { get; set; } = [];
    }

    [TestMethod]
    public void InvalidValuesAreZeroedAndTheirTaxelsMasked()
    {
        var magnetic = Enumerable.Range(0, Length).Select(i => 30000f + i).ToArray();
        magnetic[0] = 19999f;                 // frame 0, taxel 0, x: below range
        magnetic[XelaSkin.ValuesPerFrame + 3 * 7 + 2] = float.NaN;  // frame 1, taxel 7, z
        magnetic[3 * 9 + 1] = float.PositiveInfinity;               // frame 0, taxel 9, y
        magnetic[3 * 11] = 60000f;            // boundary value stays valid

        var mlContext = new MLContext(seed: 1);
        var data = mlContext.Data.LoadFromEnumerable(new[] { new Window { Magnetic = magnetic } });
        var output = new XelaValidityEstimator(new XelaValidityOptions { OutputColumnName = "Clean" }).Fit(data).Transform(data);

        var validityColumn = output.Schema["Validity"];
        var cleanColumn = output.Schema["Clean"];
        CollectionAssert.AreEqual(new[] { Frames, XelaSkin.TaxelCount }, ((VectorDataViewType)validityColumn.Type).Dimensions.ToArray());
        CollectionAssert.AreEqual(new[] { Frames, XelaSkin.TaxelCount, XelaSkin.AxisCount }, ((VectorDataViewType)cleanColumn.Type).Dimensions.ToArray());

        using var cursor = output.GetRowCursor(output.Schema);
        Assert.IsTrue(cursor.MoveNext());
        VBuffer<bool> validity = default;
        VBuffer<float> clean = default;
        cursor.GetGetter<VBuffer<bool>>(validityColumn)(ref validity);
        cursor.GetGetter<VBuffer<float>>(cleanColumn)(ref clean);
        var mask = validity.DenseValues().ToArray();
        var values = clean.DenseValues().ToArray();

        var invalid = Enumerable.Range(0, mask.Length).Where(i => !mask[i]).ToArray();
        CollectionAssert.AreEqual(new[] { 0, 9, XelaSkin.TaxelCount + 7 }, invalid);
        Assert.AreEqual(0f, values[0]);
        Assert.AreEqual(0f, values[XelaSkin.ValuesPerFrame + 3 * 7 + 2]);
        Assert.AreEqual(0f, values[3 * 9 + 1]);
        Assert.AreEqual(30001f, values[1], "valid axes of an invalid taxel keep their value");
        Assert.AreEqual(60000f, values[3 * 11]);
        Assert.AreEqual(3, values.Count(v => v == 0f));
    }

    [TestMethod]
    public void WrongVectorLengthNamesTheColumnAndTheExpectedMultiple()
    {
        var mlContext = new MLContext(seed: 1);
        var data = mlContext.Data.LoadFromEnumerable(new[] { new { Magnetic = new float[7] } }.Select(r => new Short { Magnetic = r.Magnetic }));
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new XelaValidityEstimator(new XelaValidityOptions()).Fit(data));
        StringAssert.Contains(error.Message, "'Magnetic'");
        StringAssert.Contains(error.Message, "multiple of 1104");
    }

    private sealed class Short
    {
        [VectorType(7)] public float[] Magnetic { get; set; } = [];
    }
}
