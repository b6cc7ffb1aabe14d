using System.Diagnostics;
using System.Text.Json;
using Parquet;
using Parquet.Data;
using Parquet.Schema;
using Sparsh.Transforms.Recordings;
using Sparsh.Transforms.Xela;

namespace Sparsh.Transforms.Tests.Recordings;

[TestClass]
public sealed class RecordingStorageTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void SaveThenLoadReproducesEveryStreamExactly()
    {
        using var folder = new TempDirectory();
        var original = RecordingSamples.Full();
        original.Save(folder.Path);
        var loaded = XelaRecording.Load(folder.Path);

        Assert.AreEqual("rec-001", loaded.Id);
        Assert.AreEqual("skin-A", loaded.SkinId);
        Assert.AreEqual("force", loaded.Task);
        RecordingSamples.AssertSameSeries(original.Magnetic, loaded.Magnetic);
        RecordingSamples.AssertSameSeries(original.Joints!, loaded.Joints!);
        CollectionAssert.AreEqual(new[] { "force", "pose" }, loaded.Labels.Keys.ToArray());
        foreach (var (name, label) in original.Labels) RecordingSamples.AssertSameSeries(label, loaded.Labels[name]);
        Assert.IsTrue(float.IsNaN(loaded.Magnetic.Values[5]));
        CollectionAssert.AreEquivalent(
            new[] { "recording.json", "magnetic.parquet", "joints.parquet", "label_force.parquet", "label_pose.parquet" },
            Directory.GetFiles(folder.Path).Select(Path.GetFileName).ToArray());
    }

    [TestMethod]
    public void RecordingWithoutJointsOrLabelsRoundTrips()
    {
        using var folder = new TempDirectory();
        var original = new XelaRecording("bare", RecordingSamples.Magnetic([0.0, 0.01, 0.02], (r, c) => 30000f + r + c));
        original.Save(folder.Path);
        var loaded = XelaRecording.Load(folder.Path);
        Assert.IsNull(loaded.Joints);
        Assert.IsNull(loaded.SkinId);
        Assert.AreEqual(0, loaded.Labels.Count);
        RecordingSamples.AssertSameSeries(original.Magnetic, loaded.Magnetic);
    }

    [TestMethod]
    public async Task FilesAreParquetWithTheDocumentedColumnsAndMetadata()
    {
        using var folder = new TempDirectory();
        var original = RecordingSamples.Full();
        original.Save(folder.Path);

        await using var reader = await ParquetReader.CreateAsync(folder.File("label_force.parquet"));
        CollectionAssert.AreEqual(new[] { "timestamp_s", "values" }, reader.Schema.Fields.Select(f => f.Name).ToArray());
        var list = (ListField)reader.Schema.Fields[1];
        var leaf = (DataField)list.Item;
        Assert.AreEqual(typeof(float), leaf.ClrType);
        var time = (DataField)reader.Schema.Fields[0];
        Assert.AreEqual(typeof(double), time.ClrType);
        Assert.AreEqual("force", reader.CustomMetadata["sparsh.stream"]);
        Assert.AreEqual("3", reader.CustomMetadata["sparsh.width"]);
        Assert.AreEqual("N", reader.CustomMetadata["sparsh.unit"]);
        Assert.AreEqual("1", reader.CustomMetadata["sparsh.format_version"]);
        CollectionAssert.AreEqual(new[] { "fx", "fy", "fz" }, JsonSerializer.Deserialize<string[]>(reader.CustomMetadata["sparsh.channels"]));

        using var group = reader.OpenRowGroupReader(0);
        Assert.AreEqual(20, group.RowCount);
        using var times = await group.ReadRawColumnDataBaseAsync(time);
        CollectionAssert.AreEqual(original.Labels["force"].TimestampsSeconds, ((RawColumnData<double>)times).Values.ToArray());
        using var values = await group.ReadRawColumnDataBaseAsync(leaf);
        CollectionAssert.AreEqual(original.Labels["force"].Values, ((RawColumnData<float>)values).Values.ToArray());
        CollectionAssert.AreEqual(new[] { 0, 1, 1, 0, 1, 1 }, values.RepetitionLevels[..6].ToArray(), "one list of 3 per row");
    }

    [TestMethod]
    public void ManifestDescribesTheStreams()
    {
        using var folder = new TempDirectory();
        RecordingSamples.Full().Save(folder.Path);
        using var manifest = JsonDocument.Parse(File.ReadAllText(folder.File("recording.json")));
        var root = manifest.RootElement;
        Assert.AreEqual("sparsh-xela-recording", root.GetProperty("format").GetString());
        Assert.AreEqual(1, root.GetProperty("format_version").GetInt32());
        Assert.AreEqual("rec-001", root.GetProperty("id").GetString());
        Assert.AreEqual("skin-A", root.GetProperty("skin_id").GetString());
        var streams = root.GetProperty("streams").EnumerateArray().ToList();
        CollectionAssert.AreEqual(new[] { "magnetic", "joints", "label", "label" }, streams.Select(s => s.GetProperty("role").GetString()).ToArray());
        CollectionAssert.AreEqual(new[] { 1104, 16, 3, 3 }, streams.Select(s => s.GetProperty("width").GetInt32()).ToArray());
        CollectionAssert.AreEqual(new[] { "counts", "rad", "N", "m,m,rad" }, streams.Select(s => s.GetProperty("unit").GetString()).ToArray());
        CollectionAssert.AreEqual(new[] { 40, 40, 20, 10 }, streams.Select(s => s.GetProperty("rows").GetInt32()).ToArray());
        Assert.AreEqual("label_pose.parquet", streams[3].GetProperty("file").GetString());
    }

    [TestMethod]
    public void OneMinuteRecordingRoundTripsAcrossRowGroups()
    {
        const int frames = 6000;   // one minute at 100 Hz: 26.5 MB of float32 counts
        using var folder = new TempDirectory();
        var random = new Random(3);
        var magnetic = RecordingSamples.Magnetic(RecordingSamples.Times(frames, 0, 0.01), (_, _) => 20000f + random.Next(40000));
        var recording = new XelaRecording("minute", magnetic);

        var watch = Stopwatch.StartNew();
        recording.Save(folder.Path);
        double writeSeconds = watch.Elapsed.TotalSeconds;
        watch.Restart();
        var loaded = XelaRecording.Load(folder.Path);
        double readSeconds = watch.Elapsed.TotalSeconds;

        RecordingSamples.AssertSameSeries(magnetic, loaded.Magnetic);
        double megabytes = magnetic.Values.Length * 4.0 / 1e6;
        TestContext.WriteLine($"1 min magnetic ({megabytes:F1} MB raw, {new FileInfo(folder.File("magnetic.parquet")).Length / 1e6:F1} MB on disk): " +
            $"write {megabytes / writeSeconds:F0} MB/s, read {megabytes / readSeconds:F0} MB/s");
    }

    [TestMethod]
    public async Task NullableColumnsAsPandasWritesThemAreRead()
    {
        using var folder = new TempDirectory();
        string path = folder.File("force.parquet");
        await RawParquet.WriteListsAsync(path, [0.0, 0.1], [[1f, 2f], [3f, 4f]], nullable: true);
        var series = TimeSeriesParquet.Read(path);
        Assert.AreEqual("force", series.Name, "name falls back to the file name when metadata is missing");
        Assert.AreEqual(2, series.Width);
        CollectionAssert.AreEqual(new[] { 1f, 2f, 3f, 4f }, series.Values);
    }

    [TestMethod]
    public void EmptyStreamRoundTrips()
    {
        using var folder = new TempDirectory();
        var empty = new TimeSeries("force", 3, [], [], "N", ["fx", "fy", "fz"]);
        TimeSeriesParquet.Write(empty, folder.File("label_force.parquet"));
        RecordingSamples.AssertSameSeries(empty, TimeSeriesParquet.Read(folder.File("label_force.parquet")));
    }

    [TestMethod]
    public void MissingFolderIsNamed()
    {
        string missing = Path.Combine(Path.GetTempPath(), "sparsh-no-such-recording-" + Guid.NewGuid().ToString("N"));
        var e = Assert.ThrowsExactly<InvalidDataException>(() => XelaRecording.Load(missing));
        StringAssert.Contains(e.Message, missing);
        StringAssert.Contains(e.Message, "recording folder not found");
    }

    [TestMethod]
    public void MissingManifestIsNamed()
    {
        using var folder = new TempDirectory();
        var e = Assert.ThrowsExactly<InvalidDataException>(() => XelaRecording.Load(folder.Path));
        StringAssert.Contains(e.Message, folder.File("recording.json") + ": file not found");
    }

    [TestMethod]
    public void MissingStreamFileIsNamed()
    {
        using var folder = new TempDirectory();
        RecordingSamples.Full().Save(folder.Path);
        File.Delete(folder.File("joints.parquet"));
        var e = Assert.ThrowsExactly<InvalidDataException>(() => XelaRecording.Load(folder.Path));
        Assert.AreEqual(folder.File("joints.parquet") + ": file not found.", e.Message);
    }

    [TestMethod]
    public void TextFileRenamedParquetIsNamed()
    {
        using var folder = new TempDirectory();
        RecordingSamples.Full().Save(folder.Path);
        ForgetStreamChecksums(folder.Path); // as if another tool had assembled the folder
        File.WriteAllText(folder.File("label_force.parquet"), "timestamp_s,fx,fy,fz\n0.0,1,2,3\n");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => XelaRecording.Load(folder.Path));
        StringAssert.StartsWith(e.Message, folder.File("label_force.parquet") + ": not a Parquet file");
    }

    [TestMethod]
    public async Task MissingValuesColumnIsNamed()
    {
        using var folder = new TempDirectory();
        string path = folder.File("joints.parquet");
        await RawParquet.WriteListsAsync(path, [0.0], [new float[16]], valuesColumn: "angles");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => TimeSeriesParquet.Read(path));
        Assert.AreEqual($"{path}: column 'values' not found; expected columns 'timestamp_s' (double) and 'values' (list<float>); found 'timestamp_s', 'angles'.", e.Message);
    }

    [TestMethod]
    public async Task WrongListLengthNamesFileColumnAndRow()
    {
        using var folder = new TempDirectory();
        RecordingSamples.Full().Save(folder.Path);
        ForgetStreamChecksums(folder.Path); // as if another tool had assembled the folder
        string path = folder.File("joints.parquet");
        var rows = Enumerable.Range(0, 40).Select(r => new float[r == 17 ? 15 : 16]).ToArray();
        await RawParquet.WriteListsAsync(path, RecordingSamples.Times(40, 0, 0.01), rows);
        var e = Assert.ThrowsExactly<InvalidDataException>(() => XelaRecording.Load(folder.Path));
        Assert.AreEqual($"{path}: column 'values' row 17 has 15 values; expected 16.", e.Message);
    }

    [TestMethod]
    public async Task WidthMetadataDisagreeingWithManifestIsNamed()
    {
        using var folder = new TempDirectory();
        RecordingSamples.Full().Save(folder.Path);
        ForgetStreamChecksums(folder.Path); // as if another tool had assembled the folder
        string path = folder.File("label_force.parquet");
        await RawParquet.WriteListsAsync(path, [0.0], [[1f, 2f]], metadata: new() { ["sparsh.width"] = "2" });
        var e = Assert.ThrowsExactly<InvalidDataException>(() => XelaRecording.Load(folder.Path));
        Assert.AreEqual($"{path}: metadata 'sparsh.width' is 2, expected 3.", e.Message);
    }

    [TestMethod]
    public async Task NullElementNamesRow()
    {
        using var folder = new TempDirectory();
        string path = folder.File("pose.parquet");
        await RawParquet.WriteWithNullElementAsync(path, [0.0, 0.1, 0.2], [[1f, 2f], [3f, 4f], [5f, 6f]], nullRow: 2, nullIndex: 1);
        var e = Assert.ThrowsExactly<InvalidDataException>(() => TimeSeriesParquet.Read(path));
        StringAssert.StartsWith(e.Message, $"{path}: column 'values' row 2 is null, empty or holds a null");
    }

    [TestMethod]
    public async Task DuplicateTimestampInFileNamesFileStreamAndRow()
    {
        using var folder = new TempDirectory();
        string path = folder.File("force.parquet");
        await RawParquet.WriteListsAsync(path, [0.0, 0.5, 0.5], [[1f], [2f], [3f]], metadata: new() { ["sparsh.stream"] = "force" });
        var e = Assert.ThrowsExactly<InvalidDataException>(() => TimeSeriesParquet.Read(path));
        Assert.AreEqual($"{path}: column 'timestamp_s': stream 'force' row 2: timestamp 0.5 s is not after row 1 (0.5 s). (Parameter 'timestampsSeconds')", e.Message);
    }

    [TestMethod]
    public async Task NaNTimestampInFileNamesFileAndRow()
    {
        using var folder = new TempDirectory();
        string path = folder.File("force.parquet");
        await RawParquet.WriteListsAsync(path, [0.0, double.NaN], [[1f], [2f]]);
        var e = Assert.ThrowsExactly<InvalidDataException>(() => TimeSeriesParquet.Read(path));
        StringAssert.StartsWith(e.Message, $"{path}: column 'timestamp_s': stream 'force' row 1: timestamp NaN is not a finite number of seconds.");
    }

    [TestMethod]
    public void RowCountDisagreeingWithManifestIsNamed()
    {
        using var folder = new TempDirectory();
        var recording = RecordingSamples.Full();
        recording.Save(folder.Path);
        ForgetStreamChecksums(folder.Path); // as if another tool had assembled the folder
        var shorter = RecordingSamples.Stream("pose", 3, [0.0], (_, _) => 1f, "m,m,rad");
        TimeSeriesParquet.Write(shorter, folder.File("label_pose.parquet"));
        var e = Assert.ThrowsExactly<InvalidDataException>(() => XelaRecording.Load(folder.Path));
        Assert.AreEqual($"{folder.File("label_pose.parquet")}: 1 rows, but recording.json lists 10.", e.Message);
    }

    [TestMethod]
    public void CorruptManifestIsNamed()
    {
        using var folder = new TempDirectory();
        RecordingSamples.Full().Save(folder.Path);
        File.WriteAllText(folder.File("recording.json"), "{ \"format\": \"something-else\" }");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => XelaRecording.Load(folder.Path));
        StringAssert.StartsWith(e.Message, folder.File("recording.json") + ": 'format' is 'something-else'");
    }

    [TestMethod]
    public void SavingAgainReplacesTheFiles()
    {
        using var folder = new TempDirectory();
        RecordingSamples.Full().Save(folder.Path);
        var smaller = new XelaRecording("rec-002", RecordingSamples.Magnetic([1.0], (_, c) => 20000f + c));
        smaller.Save(folder.Path);
        var loaded = XelaRecording.Load(folder.Path);
        Assert.AreEqual("rec-002", loaded.Id);
        Assert.AreEqual(1, loaded.Magnetic.Count);
        Assert.IsNull(loaded.Joints, "streams not in the manifest are ignored");
        Assert.AreEqual(0, Directory.GetFiles(folder.Path, "*.partial").Length);
        Assert.AreEqual(XelaSkin.ValuesPerFrame, loaded.Magnetic.Width);
    }

    // A recording folder written by another tool (pandas, say) has no stream checksums in recording.json; these tests
    // replace a stream file and check the reader's own errors, which the checksum would otherwise pre-empt.
    private static void ForgetStreamChecksums(string directory)
    {
        string manifest = Path.Combine(directory, RecordingFormat.ManifestFile);
        File.WriteAllText(manifest, System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(manifest), "\"sha256\": \"[0-9a-f]+\"", "\"sha256\": null"));
    }
}
