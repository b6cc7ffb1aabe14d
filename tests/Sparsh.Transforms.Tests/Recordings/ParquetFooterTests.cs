using System.Buffers.Binary;
using Sparsh.Transforms.Recordings;

namespace Sparsh.Transforms.Tests.Recordings;

/// <summary>
/// A stream file read on its own (no recording.json checksum to refuse it first) with a damaged footer, footer length or
/// magic is refused naming the file, and never hangs: Parquet.Net 6.1's footer parser spins on some of these by itself.
/// </summary>
[TestClass]
public sealed class ParquetFooterTests
{
    // Generous for a loaded machine: a read takes milliseconds, a hang forever.
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(30);

    private static TimeSeries Series()
    {
        var random = new Random(11);
        var values = Enumerable.Range(0, 20 * 3).Select(_ => 1000f + random.NextSingle() * 9000f).ToArray();
        return new TimeSeries("force", 3, RecordingSamples.Times(20, 5.0, 0.02), values, "N", ["fx", "fy", "fz"]);
    }

    /// <summary>The read's result or error; fails the test if it does not return within <see cref="HangLimit"/>.</summary>
    private static (TimeSeries? Loaded, Exception? Error) ReadWithinLimit(string path, string what)
    {
        var read = Task.Run(() => TimeSeriesParquet.Read(path));
        if (Task.WhenAny(read, Task.Delay(HangLimit)).GetAwaiter().GetResult() != read)
            Assert.Fail($"{what}: the read did not return within {HangLimit.TotalSeconds} s.");
        return read.IsCompletedSuccessfully ? (read.Result, null) : (null, read.Exception!.InnerException);
    }

    private static InvalidDataException Refused(string path, string what)
    {
        var (loaded, error) = ReadWithinLimit(path, what);
        Assert.IsNull(loaded, $"{what}: loaded");
        Assert.IsInstanceOfType<InvalidDataException>(error, $"{what}: {error}");
        StringAssert.Contains(error.Message, path, what);
        return (InvalidDataException)error;
    }

    [TestMethod]
    public void EveryDamagedFooterByteIsRefusedNamingTheFileOrLoadsTheWrittenData()
    {
        using var folder = new TempDirectory();
        string path = folder.File("force.parquet"), damaged = folder.File("damaged.parquet");
        var series = Series();
        TimeSeriesParquet.Write(series, path);
        byte[] original = File.ReadAllBytes(path);
        int footerStart = original.Length - 8 - BitConverter.ToInt32(original, original.Length - 8);

        int refused = 0, cases = 0;
        // The footer, its length and the closing magic; three flips per byte: the lowest bit, a middle bit, all bits.
        // Without the footer check, Parquet.Net 6.1 spins on five of these cases (among them the footer's closing stop byte).
        for (int at = footerStart; at < original.Length; at++)
            foreach (byte flip in new byte[] { 0x01, 0x10, 0xFF })
            {
                byte[] bytes = (byte[])original.Clone();
                bytes[at] ^= flip;
                File.WriteAllBytes(damaged, bytes);
                string what = $"byte {at} ^ 0x{flip:X2}";
                cases++;
                var (loaded, error) = ReadWithinLimit(damaged, what);
                if (loaded is not null)
                {
                    // Statistics, the writer's name or a dropped metadata entry: nothing that is read changed.
                    CollectionAssert.AreEqual(series.TimestampsSeconds, loaded.TimestampsSeconds, what);
                    CollectionAssert.AreEqual(series.Values, loaded.Values, what);
                    continue;
                }
                Assert.IsInstanceOfType<InvalidDataException>(error, $"{what}: {error}");
                StringAssert.Contains(error.Message, damaged, what);
                refused++;
            }
        Assert.IsGreaterThan(cases / 2, refused, "most damage is refused");
    }

    [TestMethod]
    public void AFooterThatRunsPastItsEndIsRefusedWithoutParsingOnForever()
    {
        using var folder = new TempDirectory();
        string path = folder.File("force.parquet");
        TimeSeriesParquet.Write(Series(), path);
        byte[] bytes = File.ReadAllBytes(path);
        // The footer's last byte is the stop of its top-level structure; 0x10 makes it a field header, so the parser
        // reads on past the footer's end (where Parquet.Net 6.1 alone spins).
        int last = bytes.Length - 9;
        Assert.AreEqual(0, bytes[last]);
        bytes[last] ^= 0x10;
        File.WriteAllBytes(path, bytes);

        var error = Refused(path, "stop byte");

        StringAssert.Contains(error.Message, "footer");
        StringAssert.Contains(error.Message, "runs past");
    }

    [TestMethod]
    public void AFooterLengthThatDoesNotFitInTheFileIsRefusedNamingIt()
    {
        using var folder = new TempDirectory();
        string path = folder.File("force.parquet");
        TimeSeriesParquet.Write(Series(), path);
        byte[] original = File.ReadAllBytes(path);
        foreach (int footerLength in new[] { 0, -1, original.Length - 11, original.Length, int.MaxValue, int.MinValue })
        {
            byte[] bytes = (byte[])original.Clone();
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(bytes.Length - 8), footerLength);
            File.WriteAllBytes(path, bytes);

            var error = Refused(path, $"footer length {footerLength}");

            StringAssert.Contains(error.Message, $"footer length (the 4 bytes before the closing 'PAR1') is {footerLength}");
            StringAssert.Contains(error.Message, $"expected 1 to {original.Length - 12} bytes");
        }
    }

    [TestMethod]
    public void AFooterLengthThatFitsButIsWrongIsRefused()
    {
        using var folder = new TempDirectory();
        string path = folder.File("force.parquet");
        TimeSeriesParquet.Write(Series(), path);
        byte[] original = File.ReadAllBytes(path);
        int footerLength = BitConverter.ToInt32(original, original.Length - 8);
        foreach (int wrong in new[] { 1, footerLength - 1, footerLength + 1, footerLength + 100, original.Length - 12 })
        {
            byte[] bytes = (byte[])original.Clone();
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(bytes.Length - 8), wrong);
            File.WriteAllBytes(path, bytes);

            StringAssert.Contains(Refused(path, $"footer length {wrong}").Message, "footer", $"footer length {wrong}");
        }
    }

    [TestMethod]
    public void AFileWithoutTheMagicAtEitherEndIsRefusedNamingTheBytes()
    {
        using var folder = new TempDirectory();
        string path = folder.File("force.parquet");
        TimeSeriesParquet.Write(Series(), path);
        byte[] original = File.ReadAllBytes(path);
        foreach (int at in new[] { 0, 3, original.Length - 4, original.Length - 1 })
        {
            byte[] bytes = (byte[])original.Clone();
            bytes[at] = (byte)'X';
            File.WriteAllBytes(path, bytes);

            var error = Refused(path, $"byte {at}");

            StringAssert.Contains(error.Message, "expected the Parquet magic 'PAR1'");
            StringAssert.Contains(error.Message, "58", "the damaged byte, in hex");
        }
    }

    [TestMethod]
    public void AFileCutShortAnywhereIsRefusedNamingTheFile()
    {
        using var folder = new TempDirectory();
        string path = folder.File("force.parquet"), cut = folder.File("cut.parquet");
        TimeSeriesParquet.Write(Series(), path);
        byte[] original = File.ReadAllBytes(path);
        for (int length = 0; length < original.Length; length += length < 16 ? 1 : 7)
        {
            File.WriteAllBytes(cut, original.AsSpan(0, length).ToArray());
            Refused(cut, $"{length} bytes");
        }
        StringAssert.Contains(Refused(cut, "again").Message, "truncated");
    }
}
