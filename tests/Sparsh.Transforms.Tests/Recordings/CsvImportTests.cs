using System.Globalization;
using System.Text;
using Sparsh.Transforms.Recordings;
using Sparsh.Transforms.Xela;

namespace Sparsh.Transforms.Tests.Recordings;

[TestClass]
public sealed class CsvImportTests
{
    private static string MagneticCsv(TempDirectory folder, int rows, Func<int, int, string>? cell = null)
    {
        var text = new StringBuilder("t");
        for (int c = 0; c < XelaSkin.ValuesPerFrame; c++) text.Append(",v").Append(c);
        text.Append('\n');
        for (int r = 0; r < rows; r++)
        {
            text.Append((0.5 + r * 0.01).ToString(CultureInfo.InvariantCulture));
            for (int c = 0; c < XelaSkin.ValuesPerFrame; c++) text.Append(',').Append(cell?.Invoke(r, c) ?? (30000 + r * 10 + c).ToString(CultureInfo.InvariantCulture));
            text.Append('\n');
        }
        string path = folder.File("magnetic.csv");
        File.WriteAllText(path, text.ToString());
        return path;
    }

    [TestMethod]
    public void ImportsEveryStreamWithItsUnitAndChannelNames()
    {
        using var folder = new TempDirectory();
        string magnetic = MagneticCsv(folder, 3, (r, c) => r == 1 && c == 4 ? "NaN" : (30000 + r * 10 + c).ToString(CultureInfo.InvariantCulture));
        string joints = folder.File("joints.csv");
        File.WriteAllText(joints, "time," + string.Join(",", Enumerable.Range(0, 16).Select(j => $"q{j}")) + "\r\n"
            + "0.25," + string.Join(",", Enumerable.Range(0, 16).Select(j => (j * 0.1).ToString(CultureInfo.InvariantCulture))) + "\r\n"
            + "0.5," + string.Join(",", Enumerable.Repeat("-1.5e-1", 16)) + "\r\n");
        string force = folder.File("force.csv");
        File.WriteAllText(force, "\"timestamp_s\",\"fx\",\"fy\",\"fz\"\n0.1, 1.5, -2 ,3\n\n0.2,4,5,6\n");

        var recording = XelaRecording.ImportCsv("csv-1", magnetic, joints,
            new Dictionary<string, string> { ["force"] = force }, new Dictionary<string, string> { ["force"] = "N" }, skinId: "skin-B", task: "force");

        Assert.AreEqual("csv-1", recording.Id);
        Assert.AreEqual("skin-B", recording.SkinId);
        CollectionAssert.AreEqual(new[] { 0.5, 0.51, 0.52 }, recording.Magnetic.TimestampsSeconds);
        Assert.AreEqual("counts", recording.Magnetic.Unit);
        Assert.AreEqual(30000f + 10 + 1103, recording.Magnetic.Values[XelaSkin.ValuesPerFrame + 1103]);
        Assert.IsTrue(float.IsNaN(recording.Magnetic.Values[XelaSkin.ValuesPerFrame + 4]), "an explicit NaN reading is kept for validity flagging");
        Assert.AreEqual("v1103", recording.Magnetic.ChannelNames![1103]);
        Assert.AreEqual("rad", recording.Joints!.Unit);
        Assert.AreEqual(1.5f, recording.Joints.Values[15], 1e-6f);
        Assert.AreEqual(-0.15f, recording.Joints.Values[16]);
        var label = recording.Labels["force"];
        Assert.AreEqual("N", label.Unit);
        CollectionAssert.AreEqual(new[] { "fx", "fy", "fz" }, label.ChannelNames!.ToArray());
        CollectionAssert.AreEqual(new[] { 0.1, 0.2 }, label.TimestampsSeconds, "blank lines are skipped");
        CollectionAssert.AreEqual(new[] { 1.5f, -2f, 3f, 4f, 5f, 6f }, label.Values);
    }

    [TestMethod]
    public void WrongColumnCountNamesFileAndLine()
    {
        using var folder = new TempDirectory();
        string path = folder.File("force.csv");
        File.WriteAllText(path, "t,fx,fy\n0.1,1,2\n0.2,1\n");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => TimeSeriesCsv.Read(path, "force", "N"));
        Assert.AreEqual($"{path} line 3: 2 columns; expected 3 (timestamp + 2 values, as in the header).", e.Message);

        File.WriteAllText(path, "t,fx,fy\n0.1,1,2,9\n");
        e = Assert.ThrowsExactly<InvalidDataException>(() => TimeSeriesCsv.Read(path, "force", "N"));
        Assert.AreEqual($"{path} line 2: 4 columns; expected 3 (timestamp + 2 values, as in the header).", e.Message);
    }

    [TestMethod]
    public void MagneticHeaderMustHave1105Columns()
    {
        using var folder = new TempDirectory();
        string path = folder.File("magnetic.csv");
        File.WriteAllText(path, "t,a,b\n0,1,2\n");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => XelaRecording.ImportCsv("r", path, null));
        Assert.AreEqual($"{path} line 1: the header has 3 columns; expected 1105 (timestamp in seconds, then 1104 values).", e.Message);
    }

    [TestMethod]
    public void UnparsableNumberNamesFileLineAndColumn()
    {
        using var folder = new TempDirectory();
        string path = MagneticCsv(folder, 4, (r, c) => r == 2 && c == 6 ? "3O000" : "30000");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => XelaRecording.ImportCsv("r", path, null));
        Assert.AreEqual($"{path} line 4, column 8 ('v6'): cannot parse '3O000' as a number.", e.Message);
    }

    [TestMethod]
    public void EmptyCellIsAnErrorNotAGuess()
    {
        using var folder = new TempDirectory();
        string path = folder.File("pose.csv");
        File.WriteAllText(path, "t,x,y\n0.1,1,\n");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => TimeSeriesCsv.Read(path, "pose", "m"));
        StringAssert.StartsWith(e.Message, $"{path} line 2, column 3 ('y'): cannot parse '' as a number (empty cell");
    }

    [TestMethod]
    public void NonIncreasingTimestampNamesFileAndLines()
    {
        using var folder = new TempDirectory();
        string path = folder.File("force.csv");
        File.WriteAllText(path, "t,f\n0.1,1\n\n0.2,2\n0.2,3\n");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => TimeSeriesCsv.Read(path, "force", "N"));
        Assert.AreEqual($"{path} line 5, column 1 ('t'): timestamp 0.2 s is not after line 4 (0.2 s).", e.Message);

        File.WriteAllText(path, "t,f\n0.1,1\nnan,2\n");
        e = Assert.ThrowsExactly<InvalidDataException>(() => TimeSeriesCsv.Read(path, "force", "N"));
        Assert.AreEqual($"{path} line 3, column 1 ('t'): timestamp 'nan' is not a finite number of seconds.", e.Message);
    }

    [TestMethod]
    public void MissingFileIsNamed()
    {
        using var folder = new TempDirectory();
        string path = folder.File("nope.csv");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => XelaRecording.ImportCsv("r", path, null));
        Assert.AreEqual($"{path}: file not found.", e.Message);
    }
}
