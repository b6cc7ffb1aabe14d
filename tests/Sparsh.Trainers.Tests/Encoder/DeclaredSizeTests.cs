using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Trainers.Encoder;
using Sparsh.Transforms.Xela;
using TorchSharp;

namespace Sparsh.Trainers.Tests.Encoder;

/// <summary>
/// The encoder transformer refuses a row whose flux, positions or validity vector is not its column's declared size,
/// naming the column, the row and both sizes, instead of encoding it with the previous row's leftover values.
/// </summary>
[TestClass]
public sealed class DeclaredSizeTests
{
    private const int Frames = 10;
    private const int Values = Frames * XelaSkin.ValuesPerFrame;       // 11,040
    private const int Flags = Frames * XelaSkin.TaxelCount;

    public sealed class Window
    {
        [VectorType(Values)] public float[] Magnetic { get; set; } = [];
        [VectorType(Values)] public float[] TaxelPositions { get; set; } = [];
        [VectorType(Flags)] public bool[] Validity { get; set; } = [];
    }

    private static IDataView Windows(string column, int badRow, int badLength)
    {
        int Length(string name, int full, int row) => name == column && row == badRow ? badLength : full;
        var rows = Enumerable.Range(0, 3).Select(r => new Window
        {
            Magnetic = new float[Length(XelaColumnNames.Magnetic, Values, r)],
            TaxelPositions = new float[Length(XelaColumnNames.TaxelPositions, Values, r)],
            Validity = Enumerable.Repeat(true, Length(XelaColumnNames.Validity, Flags, r)).ToArray(),
        }).ToList();
        return new MLContext(seed: 1).Data.LoadFromEnumerable(rows);
    }

    [TestMethod]
    [DataRow(XelaColumnNames.Magnetic, 11_000, Values)]
    [DataRow(XelaColumnNames.TaxelPositions, 11_100, Values)]
    [DataRow(XelaColumnNames.Validity, Flags - 1, Flags)]
    public void EncoderRefusesARowOfTheWrongSize(string column, int badLength, int declared)
    {
        torch.set_num_threads(1);
        torch.random.manual_seed(1);
        using var encoder = new SparshSkinEncoderTransformer(new SparshSkinEncoder(SparshSkinEncoderConfig.ForSize(SparshSkinEncoderSize.Micro)));
        var output = encoder.Transform(Windows(column, badRow: 1, badLength));
        var embedding = output.Schema[encoder.Columns.EmbeddingColumnName];
        using var cursor = output.GetRowCursor([embedding]);
        var getter = cursor.GetGetter<VBuffer<float>>(embedding);
        VBuffer<float> buffer = default;

        Assert.IsTrue(cursor.MoveNext());
        getter(ref buffer);
        Assert.IsTrue(cursor.MoveNext());
        var error = Assert.ThrowsExactly<InvalidDataException>(() => getter(ref buffer));
        Assert.AreEqual($"Column '{column}', row 1: {badLength} values, expected {declared} as declared.", error.Message);
    }
}
