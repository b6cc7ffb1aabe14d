using System.Numerics;
using Sparsh.Transforms.Pickles;
using Sparsh.Transforms.Tests.Recordings;

namespace Sparsh.Transforms.Tests.SparshSkinDataset;

[TestClass]
public sealed class RestrictedUnpicklerTests
{
    // pickle.dumps({'a': [1, 2.5, 'x', None, True, (1, 2)], 'b': b'\x00\x01', 'big': 2**70, 'neg': -5, 's': {3}}, protocol=N)
    // by Python 3.11, for protocol 4 and protocol 0.
    private const string PlainDataProtocol4 =
        "80049553000000000000007d94288c0161945d94284b014740040000000000008c0178944e884b014b028694658c01629443020001948c03626967948a090000000000000000408c036e6567944afbffffff8c0173948f94284b0390752e";
    private const string PlainDataProtocol0 =
        "286470300a56610a70310a286c70320a49310a6146322e350a6156780a70330a614e614930310a612849310a49320a7470340a617356620a70350a635f636f646563730a656e636f64650a70360a28565c7530303030010a70370a566c6174696e310a70380a7470390a527031300a73566269670a7031310a4c313138303539313632303731373431313330333432344c0a73566e65670a7031320a492d350a7356730a7031330a635f5f6275696c74696e5f5f0a7365740a7031340a28286c7031350a49330a61747031360a527031370a732e";

    [TestMethod]
    [DataRow(PlainDataProtocol4, DisplayName = "protocol 4")]
    [DataRow(PlainDataProtocol0, DisplayName = "protocol 0")]
    public void PlainContainersNumbersAndStringsComeBackAsPythonWroteThem(string hex)
    {
        var dict = (Dictionary<object, object?>)RestrictedUnpickler.Load(Convert.FromHexString(hex), "sample")!;
        var list = (List<object?>)dict["a"]!;
        Assert.AreEqual(1L, list[0]);
        Assert.AreEqual(2.5, list[1]);
        Assert.AreEqual("x", list[2]);
        Assert.IsNull(list[3]);
        Assert.AreEqual(true, list[4]);
        CollectionAssert.AreEqual(new object[] { 1L, 2L }, (object?[])list[5]!);
        CollectionAssert.AreEqual(new byte[] { 0, 1 }, ((ReadOnlyMemory<byte>)dict["b"]!).ToArray());
        Assert.AreEqual(BigInteger.Pow(2, 70), dict["big"]);
        Assert.AreEqual(-5L, dict["neg"]);
        CollectionAssert.AreEquivalent(new object[] { 3L }, ((HashSet<object>)dict["s"]!).ToArray());
    }

    [TestMethod]
    [DataRow("pretraining/cup/0", DisplayName = "protocol 4 (_reconstruct)")]
    [DataRow("pretraining/cup/9", DisplayName = "protocol 5 (_frombuffer)")]
    [DataRow("pretraining/sponge/0", DisplayName = "protocol 2 (_codecs.encode)")]
    public void NumpyFramesMatchWhatPythonRead(string sequence)
    {
        var expected = SparshSkinFixture.Expected(sequence);
        var frames = (List<object?>)RestrictedUnpickler.Load(SparshSkinFixture.Path_([.. sequence.Split('/'), "xela", "data.pkl"]))!;

        Assert.AreEqual(expected.GetProperty("frames").GetInt32(), frames.Count);
        var first = (NumpyArray)frames[0]!;
        var last = (NumpyArray)frames[^1]!;
        CollectionAssert.AreEqual(new long[] { 368, 4 }, first.Shape);
        Assert.AreEqual("<f8", first.Dtype.ToString());
        Assert.AreEqual(expected.GetProperty("first_time").GetDouble(), first.At(0, 0), "bit-exact float64");
        Assert.AreEqual(expected.GetProperty("last_time").GetDouble(), last.At(367, 0));
        CollectionAssert.AreEqual(SparshSkinFixture.Doubles(expected.GetProperty("first_frame_taxel0_xyz")), new[] { first.At(0, 1), first.At(0, 2), first.At(0, 3) });
        CollectionAssert.AreEqual(SparshSkinFixture.Doubles(expected.GetProperty("last_frame_taxel367_xyz")), new[] { last.At(367, 1), last.At(367, 2), last.At(367, 3) });
    }

    [TestMethod]
    public void HostilePickleIsRefusedNamingTheFileAndGlobalAndNothingRuns()
    {
        string path = SparshSkinFixture.Path_("hostile", "evil", "0", "xela", "data.pkl");
        using var temp = new TempDirectory();
        string marker = temp.File("hostile-pickle-ran");
        // The fixture's payload is os.system('touch "$SPARSH_HOSTILE_MARKER"'): had it run, this file would exist.
        Environment.SetEnvironmentVariable("SPARSH_HOSTILE_MARKER", marker);
        try
        {
            var error = Assert.ThrowsExactly<InvalidDataException>(() => RestrictedUnpickler.Load(path));
            StringAssert.StartsWith(error.Message, path);
            StringAssert.Contains(error.Message, "refused global 'posix.system'");
            StringAssert.Contains(error.Message, "nothing was executed");
            Thread.Sleep(200); // a spawned shell, had there been one, would have had time to touch the file
            Assert.IsFalse(File.Exists(marker), "the payload never ran");
        }
        finally
        {
            Environment.SetEnvironmentVariable("SPARSH_HOSTILE_MARKER", null);
        }
    }

    [TestMethod]
    public void ProtocolZeroGlobalAndObjectInstancesAreRefused()
    {
        // "cos\nsystem\n(S'echo hi'\ntR." : os.system('echo hi') written by hand in protocol 0.
        var global = Assert.ThrowsExactly<InvalidDataException>(() =>
            RestrictedUnpickler.Load("cos\nsystem\n(S'echo hi'\ntR."u8.ToArray(), "p0.pkl"));
        StringAssert.Contains(global.Message, "p0.pkl: refused global 'os.system'");

        // pickle.dumps(collections.OrderedDict(a=1), protocol=4): a class that is not plain data.
        var ordered = Assert.ThrowsExactly<InvalidDataException>(() => RestrictedUnpickler.Load(
            Convert.FromHexString("80049529000000000000008c0b636f6c6c656374696f6e73948c0b4f726465726564446963749493942952948c0161944b01732e"), "od.pkl"));
        StringAssert.Contains(ordered.Message, "refused global 'collections.OrderedDict'");

        // NEWOBJ on an empty tuple, even without a global: object construction is never accepted.
        var newobj = Assert.ThrowsExactly<InvalidDataException>(() => RestrictedUnpickler.Load([0x80, 0x04, 0x29, 0x29, 0x81, 0x2e], "newobj.pkl"));
        StringAssert.Contains(newobj.Message, "NEWOBJ");
    }

    [TestMethod]
    public void TruncatedPickleNamesTheFile()
    {
        using var temp = new TempDirectory();
        var bytes = File.ReadAllBytes(SparshSkinFixture.Path_("pretraining", "cup", "0", "xela", "data.pkl"));
        string path = temp.File("data.pkl");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var error = Assert.ThrowsExactly<InvalidDataException>(() => RestrictedUnpickler.Load(path));
        StringAssert.StartsWith(error.Message, path + ": truncated pickle");

        File.WriteAllBytes(path, []);
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => RestrictedUnpickler.Load(path)).Message, "empty");
        File.Delete(path);
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => RestrictedUnpickler.Load(path)).Message, path + ": file not found");
    }
}
