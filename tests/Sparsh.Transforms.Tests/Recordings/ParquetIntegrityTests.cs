using Sparsh.Transforms.Recordings;

namespace Sparsh.Transforms.Tests.Recordings;

/// <summary>
/// Stream files carry a SHA-256 of their metadata and content; a corrupted file is refused naming the file,
/// and the files the library writes go through a temporary name flushed to disk before the rename.
/// </summary>
[TestClass]
public sealed class ParquetIntegrityTests
{
    // Random floats: each value's four bytes are distinctive, and Snappy stores incompressible bytes as literals.
    private static TimeSeries Distinctive(int rows = 60, int width = 3)
    {
        var random = new Random(11);
        var values = Enumerable.Range(0, rows * width).Select(_ => 1000f + random.NextSingle() * 9000f).ToArray();
        return new TimeSeries("force", width, RecordingSamples.Times(rows, 5.0, 0.02), values, "N", ["fx", "fy", "fz"]);
    }

    [TestMethod]
    public void WrittenFileCarriesAChecksumAndRoundTrips()
    {
        using var folder = new TempDirectory();
        string path = folder.File("force.parquet");
        var series = Distinctive();

        TimeSeriesParquet.Write(series, path);

        RecordingSamples.AssertSameSeries(series, TimeSeriesParquet.Read(path));
        Assert.IsFalse(File.Exists(path + ".partial"), "the temporary file is renamed away");
    }

    [TestMethod]
    public void FlippedByteInAValuePageIsRefusedNamingTheFileAndChecksum()
    {
        using var folder = new TempDirectory();
        string path = folder.File("force.parquet");
        var series = Distinctive();
        TimeSeriesParquet.Write(series, path);
        byte[] bytes = File.ReadAllBytes(path);
        byte[] pattern = BitConverter.GetBytes(series.Values[100]);
        int at = bytes.AsSpan().IndexOf(pattern);
        Assert.IsGreaterThanOrEqualTo(0, at, "the value's bytes are stored as they are");
        Assert.AreEqual(-1, bytes.AsSpan(at + 1).IndexOf(pattern), "and only once");

        bytes[at] ^= 0x01;   // lowest mantissa bit: the value changes by one ulp, a plausible number
        File.WriteAllBytes(path, bytes);

        var error = Assert.ThrowsExactly<InvalidDataException>(() => TimeSeriesParquet.Read(path));
        StringAssert.Contains(error.Message, path);
        StringAssert.Contains(error.Message, "checksum");
    }

    [TestMethod]
    public void AlteredMetadataIsRefusedByTheChecksum()
    {
        using var folder = new TempDirectory();
        string path = folder.File("force.parquet");
        TimeSeriesParquet.Write(Distinctive(), path);
        byte[] bytes = File.ReadAllBytes(path);
        byte[] unit = "sparsh.unit"u8.ToArray();
        int at = bytes.AsSpan().IndexOf(unit);
        Assert.IsGreaterThanOrEqualTo(0, at);
        // The unit's value follows its key in the footer: a Thrift length then "N"; make it "M".
        int value = bytes.AsSpan(at + unit.Length).IndexOf((byte)'N') + at + unit.Length;
        bytes[value] = (byte)'M';
        File.WriteAllBytes(path, bytes);

        var error = Assert.ThrowsExactly<InvalidDataException>(() => TimeSeriesParquet.Read(path));
        StringAssert.Contains(error.Message, path);
        StringAssert.Contains(error.Message, "checksum");
    }

    [TestMethod]
    public void EverySingleByteFlipInThePagesIsRefusedNamingTheFileOrLoadsTheSameContent()
    {
        using var folder = new TempDirectory();
        string path = folder.File("force.parquet"), damaged = folder.File("damaged.parquet");
        var series = Distinctive(rows: 20);
        TimeSeriesParquet.Write(series, path);
        byte[] original = File.ReadAllBytes(path);
        // The pages: everything before the Thrift footer (whose length is the 4 bytes before the closing "PAR1").
        // The footer, its length and the magic are ParquetFooterTests' matter.
        int pagesEnd = original.Length - 8 - BitConverter.ToInt32(original, original.Length - 8);

        int refused = 0;
        for (int i = 4; i < pagesEnd; i++)
        {
            byte[] bytes = (byte[])original.Clone();
            bytes[i] ^= 0x10;
            File.WriteAllBytes(damaged, bytes);
            try
            {
                var loaded = TimeSeriesParquet.Read(damaged);
                // A flip in statistics, padding or the writer's name changes nothing that is read. (A flip in the
                // footer's entry count can drop metadata entries, the checksum among them: such a file loads unchecked,
                // like a file from another tool, but its data are still the data written.)
                CollectionAssert.AreEqual(series.TimestampsSeconds, loaded.TimestampsSeconds, $"byte {i}");
                CollectionAssert.AreEqual(series.Values, loaded.Values, $"byte {i}");
            }
            catch (InvalidDataException e)
            {
                StringAssert.Contains(e.Message, damaged, $"byte {i}");
                refused++;
            }
        }
        Assert.IsGreaterThan((pagesEnd - 4) / 2, refused, "most flips are refused");
    }

    [TestMethod]
    public void EveryFlippedByteOfARecordingsStreamFileIsRefusedBeforeParsing()
    {
        // recording.json records each stream file's SHA-256, checked before the Parquet reader sees the bytes, so a
        // damaged file of a recording is refused as such (and not parsed at all).
        using var folder = new TempDirectory();
        string directory = folder.File("rec");
        RecordingSamples.Full().Save(directory);
        string path = Path.Combine(directory, RecordingFormat.JointsFile);
        var original = File.ReadAllBytes(path);
        foreach (int at in new[] { 0, original.Length / 2, original.Length - 9, original.Length - 5, original.Length - 1 })
        {
            var damaged = (byte[])original.Clone();
            damaged[at] ^= 0x10;
            File.WriteAllBytes(path, damaged);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var error = Assert.ThrowsExactly<InvalidDataException>(() => XelaRecording.Load(directory), $"byte {at}");
            StringAssert.Contains(error.Message, path);
            StringAssert.Contains(error.Message, "SHA-256 checksum");
            Assert.IsLessThan(10.0, watch.Elapsed.TotalSeconds, "refused without parsing");
        }
        File.WriteAllBytes(path, original);
        RecordingSamples.AssertSameSeries(RecordingSamples.Full().Joints!, XelaRecording.Load(directory).Joints!);
    }

    [TestMethod]
    public void FileWithoutTheChecksumKeyStillLoads()
    {
        using var folder = new TempDirectory();
        string path = folder.File("force.parquet");
        RawParquet.WriteListsAsync(path, [0.0, 0.5], [[1f, 2f], [3f, 4f]], metadata: new Dictionary<string, string> { ["sparsh.width"] = "2" })
            .GetAwaiter().GetResult();

        var loaded = TimeSeriesParquet.Read(path);

        CollectionAssert.AreEqual(new[] { 1f, 2f, 3f, 4f }, loaded.Values);
    }

    [TestMethod]
    public void MalformedChecksumIsRefusedNamingTheKey()
    {
        using var folder = new TempDirectory();
        string path = folder.File("force.parquet");
        RawParquet.WriteListsAsync(path, [0.0], [[1f]], metadata: new Dictionary<string, string> { [RecordingFormat.ChecksumKey] = "not-a-hash" })
            .GetAwaiter().GetResult();

        var error = Assert.ThrowsExactly<InvalidDataException>(() => TimeSeriesParquet.Read(path));

        StringAssert.Contains(error.Message, path);
        StringAssert.Contains(error.Message, RecordingFormat.ChecksumKey);
    }

    [TestMethod]
    public void DatasetManifestIsReplacedWholeWithoutATemporaryLeft()
    {
        using var folder = new TempDirectory();
        var manifest = new DatasetManifest(DatasetManifest.FormatName, DatasetManifest.Version, Seed: 7,
        [
            new DatasetEntry("play-000", "skin-a", "play", 2.5, DatasetSplit.Train, Seed: 11),
            new DatasetEntry("play-001", "skin-a", "play", 2.5, DatasetSplit.Validation, Seed: 12),
            new DatasetEntry("force_probing-000", "skin-a", "force_probing", 4.0, DatasetSplit.Test, Seed: 13),
        ]);

        manifest.Save(folder.Path);
        manifest.Save(folder.Path);   // over an existing one

        CollectionAssert.AreEqual(manifest.Recordings.ToList(), DatasetManifest.Load(folder.Path).Recordings.ToList());
        CollectionAssert.AreEqual(new[] { DatasetManifest.FileName }, Directory.GetFiles(folder.Path).Select(Path.GetFileName).ToArray());
    }

    [TestMethod]
    public void FailedWriteLeavesThePreviousFileIntact()
    {
        using var folder = new TempDirectory();
        string path = folder.File("force.parquet");
        var series = Distinctive();
        TimeSeriesParquet.Write(series, path);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        // Cancellation may surface as OperationCanceledException or a subclass of it.
        Assert.Throws<OperationCanceledException>(() => TimeSeriesParquet.WriteAsync(Distinctive(rows: 10), path, cancelled.Token).GetAwaiter().GetResult());

        RecordingSamples.AssertSameSeries(series, TimeSeriesParquet.Read(path));
        Assert.IsFalse(File.Exists(path + ".partial"));
    }
}
