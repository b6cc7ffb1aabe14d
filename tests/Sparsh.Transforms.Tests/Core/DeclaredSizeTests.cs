using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Transforms.Core;
using Sparsh.Transforms.Kinematics;
using Sparsh.Transforms.Normalization;
using Sparsh.Transforms.Slots;
using Sparsh.Transforms.Validity;
using Sparsh.Transforms.Windowing;
using Sparsh.Transforms.Xela;

namespace Sparsh.Transforms.Tests.Core;

/// <summary>
/// A row whose vector is shorter or longer than its column's declared size (ML.NET's LoadFromEnumerable does not check)
/// must be refused, naming the column, the row and both sizes, instead of being read with the previous row's values.
/// </summary>
[TestClass]
public sealed class DeclaredSizeTests
{
    private const int Frames = 10;
    private const int MagneticLength = Frames * XelaSkin.ValuesPerFrame; // 11,040
    private const int JointLength = Frames * XelaSkin.JointCount;

    public sealed class Window
    {
        [VectorType(MagneticLength)] public float[] Magnetic { get; set; } = [];
        [VectorType(JointLength)] public float[] JointAngles { get; set; } = [];
    }

    public sealed class Frame
    {
        public string RecordingId { get; set; } = "";
        public double TimestampSeconds { get; set; }
        [VectorType(XelaSkin.TaxelCount, XelaSkin.AxisCount)] public float[] Magnetic { get; set; } = [];
    }

    // Five windows of in-range counts and zero angles; row `badRow` of `column` gets `badLength` values instead.
    private static IDataView Windows(string column, int badRow, int badLength)
    {
        var rows = Enumerable.Range(0, 5).Select(r => new Window
        {
            Magnetic = Filled(column == XelaColumnNames.Magnetic && r == badRow ? badLength : MagneticLength, 30000f + r),
            JointAngles = Filled(column == XelaColumnNames.JointAngles && r == badRow ? badLength : JointLength, 0f),
        }).ToList();
        return new MLContext(seed: 1).Data.LoadFromEnumerable(rows);
    }

    private static float[] Filled(int length, float value) => Enumerable.Repeat(value, length).ToArray();

    private static void ReadAll(IDataView view, string columnName)
    {
        var column = view.Schema[columnName];
        using var cursor = view.GetRowCursor([column]);
        if (column.Type is VectorDataViewType)
        {
            var getter = cursor.GetGetter<VBuffer<float>>(column);
            VBuffer<float> buffer = default;
            while (cursor.MoveNext()) getter(ref buffer);
        }
        else
        {
            var getter = cursor.GetGetter<float>(column);
            float value = 0;
            while (cursor.MoveNext()) getter(ref value);
        }
    }

    [TestMethod]
    public void DataViewReaderRefusesAShortRow()
    {
        var data = Windows(XelaColumnNames.Magnetic, badRow: 3, badLength: 11_000);
        var error = Assert.ThrowsExactly<InvalidDataException>(() => DataViewReader.ReadFloatColumns(data, XelaColumnNames.Magnetic));
        Assert.AreEqual("Column 'Magnetic', row 3: 11000 values, expected 11040 as declared.", error.Message);
    }

    [TestMethod]
    public void DataViewReaderRefusesALongRow()
    {
        var data = Windows(XelaColumnNames.Magnetic, badRow: 0, badLength: 11_100);
        var error = Assert.ThrowsExactly<InvalidDataException>(() => DataViewReader.ReadFloatColumns(data, XelaColumnNames.Magnetic));
        Assert.AreEqual("Column 'Magnetic', row 0: 11100 values, expected 11040 as declared.", error.Message);
    }

    [TestMethod]
    public void DataViewReaderReadsRowsOfTheDeclaredSize()
    {
        var data = Windows(XelaColumnNames.Magnetic, badRow: -1, badLength: 0);
        var (rows, values) = DataViewReader.ReadFloatColumns(data, XelaColumnNames.Magnetic);
        Assert.AreEqual(5, rows);
        Assert.HasCount(5 * MagneticLength, values[0]);
    }

    [TestMethod]
    public void KinematicPositionsRefuseAShortJointRow()
    {
        var data = Windows(XelaColumnNames.JointAngles, badRow: 2, badLength: JointLength - 1);
        var output = new KinematicPositionsEstimator(new KinematicPositionsOptions()).Fit(data).Transform(data);
        var error = Assert.ThrowsExactly<InvalidDataException>(() => ReadAll(output, XelaColumnNames.TaxelPositions));
        Assert.AreEqual($"Column 'JointAngles', row 2: {JointLength - 1} values, expected {JointLength} as declared.", error.Message);
    }

    [TestMethod]
    public void ValidityRefusesAShortMagneticRow()
    {
        var data = Windows(XelaColumnNames.Magnetic, badRow: 3, badLength: 11_000);
        var output = new XelaValidityEstimator(new XelaValidityOptions { OutputColumnName = "Clean" }).Fit(data).Transform(data);
        var error = Assert.ThrowsExactly<InvalidDataException>(() => ReadAll(output, "Clean"));
        StringAssert.Contains(error.Message, "Column 'Magnetic', row 3: 11000 values, expected 11040 as declared.");
    }

    [TestMethod]
    public void NormalizationRefusesAShortMagneticRowWhenFittingAndTransforming()
    {
        var bad = Windows(XelaColumnNames.Magnetic, badRow: 4, badLength: 11_000);
        var fitError = Assert.ThrowsExactly<InvalidDataException>(() => new XelaNormalizationEstimator(new XelaNormalizationOptions()).Fit(bad));
        StringAssert.Contains(fitError.Message, "Column 'Magnetic', row 4: 11000 values");

        var model = new XelaNormalizationEstimator(new XelaNormalizationOptions()).Fit(Windows(XelaColumnNames.Magnetic, badRow: -1, badLength: 0));
        var error = Assert.ThrowsExactly<InvalidDataException>(() => ReadAll(model.Transform(bad), XelaColumnNames.Magnetic));
        StringAssert.Contains(error.Message, "Column 'Magnetic', row 4: 11000 values, expected 11040 as declared.");
    }

    [TestMethod]
    public void SlotSelectionRefusesAShortRow()
    {
        var data = Windows(XelaColumnNames.Magnetic, badRow: 1, badLength: 11_000);
        var output = new SlotSelectingEstimator("First", XelaColumnNames.Magnetic, slot: 0).Fit(data).Transform(data);
        var error = Assert.ThrowsExactly<InvalidDataException>(() => ReadAll(output, "First"));
        StringAssert.Contains(error.Message, "Column 'Magnetic', row 1: 11000 values, expected 11040 as declared.");
    }

    [TestMethod]
    public void WindowingRefusesAShortFrameNamingTheRecording()
    {
        var frames = Enumerable.Range(0, 6).Select(k => new Frame
        {
            RecordingId = "r1",
            TimestampSeconds = k / 100.0,
            Magnetic = Filled(k == 4 ? XelaSkin.ValuesPerFrame - 3 : XelaSkin.ValuesPerFrame, 30000f),
        }).ToList();
        var mlContext = new MLContext(seed: 1);
        var data = mlContext.Data.LoadFromEnumerable(frames);
        var windows = new XelaWindowingEstimator(new XelaWindowingOptions
        {
            WindowLengthFrames = 2,
            StrideFrames = 1,
            WindowedColumnNames = [XelaColumnNames.Magnetic],
        }).Fit(data).Transform(data);
        var error = Assert.ThrowsExactly<InvalidDataException>(() => ReadAll(windows, XelaColumnNames.Magnetic));
        Assert.AreEqual($"Column 'Magnetic', row 4 (recording 'r1'): {XelaSkin.ValuesPerFrame - 3} values, expected {XelaSkin.ValuesPerFrame} as declared.", error.Message);
    }
}
