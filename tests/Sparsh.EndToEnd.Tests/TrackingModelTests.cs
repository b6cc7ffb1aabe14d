using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Scoring.Force;
using Sparsh.Scoring.ModelFiles;
using Sparsh.Scoring.Tracking;
using Sparsh.Trainers.Decoders;
using Sparsh.Transforms.Onnx;
using Sparsh.Transforms.Xela;

namespace Sparsh.EndToEnd.Tests;

/// <summary>
/// Deployable temporal models: per mode, one zip whose row is the last N raw windows and one in stream form (the new window
/// and the earlier windows' summaries), scored in plain ML.NET and through <see cref="TrackingModel"/> window by window,
/// against the in-memory chain (C# data steps, TorchSharp encoder and decoder).
/// </summary>
[TestClass]
public sealed class TrackingModelTests
{
    private const int N = TrackingModelFixture.SequenceWindows;
    private static TrackingModelFixture _fixture = null!;

    [ClassInitialize]
    public static void Build(TestContext _) => _fixture = TrackingModelFixture.Create();

    [ClassCleanup]
    public static void Delete() => _fixture?.Dispose();

    /// <summary>A zip row as a plain ML.NET app declares it: the last N windows, oldest first.</summary>
    public sealed class SequenceRow
    {
        [VectorType(N, 10, XelaSkin.TaxelCount, 3)] public float[] Magnetic { get; set; } = [];
        [VectorType(N, 10, XelaSkin.JointCount)] public float[] JointAngles { get; set; } = [];
    }

    public sealed class SequenceScore
    {
        [VectorType(3)] public float[] Score { get; set; } = [];
        [VectorType(N, 3)] public float[] StepScores { get; set; } = [];
    }

    /// <summary>A stream-form row as a plain ML.NET app declares it (the Micro encoder's summaries are 32 wide).</summary>
    public sealed class StreamRow
    {
        [VectorType(10, XelaSkin.TaxelCount, 3)] public float[] Magnetic { get; set; } = [];
        [VectorType(10, XelaSkin.JointCount)] public float[] JointAngles { get; set; } = [];
        [VectorType(N - 1, 32)] public float[] PastWindowSummaries { get; set; } = new float[(N - 1) * 32];
        [VectorType(1)] public long[] PastWindowCount { get; set; } = [0];
    }

    public sealed class StreamScore
    {
        [VectorType(3)] public float[] Score { get; set; } = [];
        [VectorType(32)] public float[] WindowSummary { get; set; } = [];
    }

    private static string Zip(DecoderMode mode, bool stream) => stream ? _fixture.StreamZipPath(mode) : _fixture.ZipPath(mode);

    // Pose values are metres (about 0.01) and radians (about 0.1): 1e-4 of the value, but never below 1e-6 absolute.
    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.HasCount(expected.Length, actual, what);
        for (int i = 0; i < expected.Length; i++)
            Assert.IsLessThanOrEqualTo(Math.Max(1e-4 * Math.Abs(expected[i]), 1e-6), Math.Abs(expected[i] - actual[i]),
                $"{what}, output {i}: zip {actual[i]:R} vs in-memory {expected[i]:R}");
    }

    [TestMethod]
    [DataRow(DecoderMode.Frozen)]
    [DataRow(DecoderMode.FineTune)]
    [DataRow(DecoderMode.EndToEnd)]
    public void PlainMlNetScoresARecordedSequenceLikeTheInMemoryModel(DecoderMode mode)
    {
        var mlContext = new MLContext(seed: 1);
        var model = mlContext.Model.Load(_fixture.ZipPath(mode), out var inputSchema);
        using var engine = mlContext.Model.CreatePredictionEngine<SequenceRow, SequenceScore>(model, inputSchema);
        var windows = _fixture.Stream.Take(N).ToList();
        var scored = engine.Predict(new SequenceRow
        {
            Magnetic = [.. windows.SelectMany(w => w.Magnetic)],
            JointAngles = [.. windows.SelectMany(w => w.JointAngles)],
        });
        var expected = _fixture.ScoreInMemory(mode, windows);
        for (int step = 0; step < N; step++)
            AssertClose(expected[step], scored.StepScores[(step * 3)..((step + 1) * 3)], $"{mode}, step {step}");
        AssertClose(expected[^1], scored.Score, $"{mode}, current estimate");
        Assert.AreNotEqual(expected[0][0], expected[^1][0], "the estimate changes along the sequence");
        (model as IDisposable)?.Dispose();
    }

    [TestMethod]
    [DataRow(DecoderMode.Frozen)]
    [DataRow(DecoderMode.FineTune)]
    [DataRow(DecoderMode.EndToEnd)]
    public void PlainMlNetScoresAStreamWindowByWindowFromTheSummariesItReturns(DecoderMode mode)
    {
        var mlContext = new MLContext(seed: 1);
        var model = mlContext.Model.Load(_fixture.StreamZipPath(mode), out var inputSchema);
        using var engine = mlContext.Model.CreatePredictionEngine<StreamRow, StreamScore>(model, inputSchema);
        var row = new StreamRow();
        for (int t = 0; t < N; t++)
        {
            // The app's state: the summaries of the windows so far, oldest first, and their count.
            row.Magnetic = _fixture.Stream[t].Magnetic;
            row.JointAngles = _fixture.Stream[t].JointAngles;
            row.PastWindowCount[0] = t;
            var scored = engine.Predict(row);
            AssertClose(_fixture.ExpectedLive(mode, t), scored.Score, $"{mode}, window {t}");
            if (t < N - 1) scored.WindowSummary.CopyTo(row.PastWindowSummaries, t * 32);
        }
        (model as IDisposable)?.Dispose();
    }

    [TestMethod]
    [DataRow(DecoderMode.Frozen, false)]
    [DataRow(DecoderMode.FineTune, false)]
    [DataRow(DecoderMode.EndToEnd, false)]
    [DataRow(DecoderMode.Frozen, true)]
    [DataRow(DecoderMode.FineTune, true)]
    [DataRow(DecoderMode.EndToEnd, true)]
    public void TrackingModelFedWindowByWindowMatchesTheInMemoryModelOverItsLastWindows(DecoderMode mode, bool stream)
    {
        using var model = TrackingModel.Load(Zip(mode, stream));
        Assert.AreEqual(stream, model.IsStreamForm);
        Assert.AreEqual(N, model.WindowsPerRow);
        Assert.AreEqual(3, model.OutputCount);
        double worst = 0;
        for (int t = 0; t < _fixture.Stream.Count; t++)
        {
            var window = _fixture.Stream[t];
            var prediction = model.Push(window.Magnetic, window.JointAngles);
            var expected = _fixture.ExpectedLive(mode, t);
            AssertClose(expected, prediction.Values, $"{mode}, window {t}");
            worst = Math.Max(worst, expected.Zip(prediction.Values, (e, a) => Math.Abs(e - a)).Max());
            Assert.AreEqual(Math.Min(t + 1, N), prediction.WindowsInContext, $"window {t}: context");
            int masked = _fixture.ExpectedMaskedTaxels(t);
            Assert.AreEqual(masked, prediction.MaskedTaxels, $"window {t}: masked taxels");
            if (t == TrackingModelFixture.BrokenWindow) Assert.AreEqual(_fixture.ExpectedMaskedTaxels(0) + 1, masked, "the out-of-range count masks one more taxel");
        }
        Console.WriteLine($"{mode}{(stream ? " (stream form)" : "")}: TrackingModel vs in-memory over {_fixture.Stream.Count} windows (context {N}): worst absolute error {worst:G3}");

        // After a reset the next window is the first of a new sequence again.
        model.Reset();
        var restarted = model.Push(_fixture.Stream[^1].Magnetic, _fixture.Stream[^1].JointAngles);
        Assert.AreEqual(1, restarted.WindowsInContext);
        AssertClose(_fixture.ScoreInMemory(mode, [_fixture.Stream[^1]])[0], restarted.Values, $"{mode}, after reset");
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void BadWindowsGiveClearErrorsAndLeaveTheBufferAsItWas(bool stream)
    {
        using var model = TrackingModel.Load(Zip(DecoderMode.FineTune, stream));
        var good = _fixture.Stream[0];
        model.Push(good.Magnetic, good.JointAngles);
        model.Push(_fixture.Stream[1].Magnetic, _fixture.Stream[1].JointAngles);
        Assert.AreEqual(2, model.BufferedWindows);

        var narrow = Assert.ThrowsExactly<ArgumentException>(() => model.Push(good.Magnetic.AsSpan(0, 10 * 367 * 3), good.JointAngles));
        StringAssert.Contains(narrow.Message, "MagneticCounts (column 'Magnetic') has 11010 values = 10 frames x 367 taxels x 3 axes; expected 11040");
        var short_ = Assert.ThrowsExactly<ArgumentException>(() => model.Push(good.Magnetic, good.JointAngles.AsSpan(0, 9 * 16)));
        StringAssert.Contains(short_.Message, "JointAnglesRadians (column 'JointAngles') has 144 values = 9 frames x 16 joints; expected 160");

        float[] angles = [.. good.JointAngles];
        angles[2 * 16 + 4] = float.NaN;
        var nan = Assert.ThrowsExactly<ArgumentException>(() => model.Push(good.Magnetic, angles));
        StringAssert.Contains(nan.Message, "JointAnglesRadians[frame 2, joint 4] is NaN");

        var dead = new float[good.Magnetic.Length];
        var allMasked = Assert.ThrowsExactly<ArgumentException>(() => model.Push(dead, good.JointAngles));
        StringAssert.Contains(allMasked.Message, "Every one of the 368 taxels");
        Assert.AreEqual(2, model.BufferedWindows, "refused windows are not buffered");

        // The next good window scores as if the refused ones never came.
        var next = model.Push(_fixture.Stream[2].Magnetic, _fixture.Stream[2].JointAngles);
        Assert.AreEqual(3, next.WindowsInContext);
        AssertClose(_fixture.ExpectedLive(DecoderMode.FineTune, 2), next.Values, "after refused windows");
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void ScoreSequenceScoresARecordingLikeTheInMemoryModelAndRefusesBadSequences(bool stream)
    {
        using var model = TrackingModel.Load(Zip(DecoderMode.FineTune, stream));
        var windows = _fixture.Stream.Take(3).ToList();
        float[] magnetic = [.. windows.SelectMany(w => w.Magnetic)], angles = [.. windows.SelectMany(w => w.JointAngles)];
        var predictions = model.ScoreSequence(magnetic, angles);
        var expected = _fixture.ScoreInMemory(DecoderMode.FineTune, windows);
        Assert.HasCount(3, predictions);
        for (int step = 0; step < 3; step++)
        {
            AssertClose(expected[step], predictions[step].Values, $"step {step}");
            Assert.AreEqual(step + 1, predictions[step].WindowsInContext);
        }
        Assert.AreEqual(0, model.BufferedWindows, "a recorded sequence leaves the live buffer alone");

        var none = Assert.ThrowsExactly<ArgumentException>(() => model.ScoreSequence([], []));
        StringAssert.Contains(none.Message, "too few windows: none");
        var partial = Assert.ThrowsExactly<ArgumentException>(() => model.ScoreSequence(magnetic.AsSpan(0, 11040 + 100), angles.AsSpan(0, 160)));
        StringAssert.Contains(partial.Message, "MagneticCounts (column 'Magnetic') has 11140 values; expected 1 to 5 whole windows of 11040");
        var tooMany = Assert.ThrowsExactly<ArgumentException>(() => model.ScoreSequence(new float[6 * 11040], new float[6 * 160]));
        StringAssert.Contains(tooMany.Message, "MagneticCounts holds 6 windows; the model scores at most 5");
        var mismatched = Assert.ThrowsExactly<ArgumentException>(() => model.ScoreSequence(magnetic, angles.AsSpan(0, 2 * 160)));
        StringAssert.Contains(mismatched.Message, "JointAnglesRadians (column 'JointAngles') has 320 values; expected 480 = 3 windows");
        angles[2 * 160 + 17] = float.PositiveInfinity;
        var infinite = Assert.ThrowsExactly<ArgumentException>(() => model.ScoreSequence(magnetic, angles));
        StringAssert.Contains(infinite.Message, "Window 2 of 3: JointAnglesRadians[frame 1, joint 1] is ");
    }

    [TestMethod]
    public void ZipHoldsOneHashedGraphAndATamperedCopyIsRefused()
    {
        string path = _fixture.ZipPath(DecoderMode.FineTune);
        var entries = ModelZip.ReadOnnxModels(path);
        Assert.HasCount(1, entries, "the whole chain is one ONNX graph");
        var contents = OnnxModelContents.Parse(entries[0].Model, entries[0].Source);
        Assert.IsTrue(contents.Metadata.ContainsKey(OnnxModelGuard.GraphHashKey), "the graph records its hash");
        CollectionAssert.AreEqual(new[] { "Magnetic", "JointAngles" }, contents.InputNames.ToArray());

        // Flip one byte of a weight inside the zip's ONNX entry: the recorded hash no longer matches.
        string tampered = Path.Combine(_fixture.Folder, "tampered.zip");
        File.Copy(path, tampered, overwrite: true);
        using (var zip = System.IO.Compression.ZipFile.Open(tampered, System.IO.Compression.ZipArchiveMode.Update))
        {
            var entry = zip.Entries.Single(e => e.Name == ModelZip.OnnxModelEntryName);
            byte[] bytes;
            using (var stream = entry.Open()) { using var copy = new MemoryStream(); stream.CopyTo(copy); bytes = copy.ToArray(); }
            bytes[bytes.Length / 2] ^= 0x10;
            string name = entry.FullName;
            entry.Delete();
            using var rewritten = zip.CreateEntry(name).Open();
            rewritten.Write(bytes);
        }
        var error = Assert.ThrowsExactly<InvalidDataException>(() => TrackingModel.Load(tampered));
        StringAssert.Contains(error.Message, tampered);
        Console.WriteLine(error.Message);
    }

    [TestMethod]
    public void ForceAndTrackingLoadersRefuseEachOthersZips()
    {
        string tracking = _fixture.ZipPath(DecoderMode.Frozen);
        var asForce = Assert.ThrowsExactly<InvalidDataException>(() => ForceModel.Load(tracking));
        StringAssert.Contains(asForce.Message, "its input column 'Magnetic' is Vector<Single, 5, 10, 368, 3>");

        var asTracking = Assert.ThrowsExactly<InvalidDataException>(() => TrackingModel.Load(_fixture.DataStepsZipPath));
        StringAssert.Contains(asTracking.Message, $"'{_fixture.DataStepsZipPath}' is not a Sparsh tracking model: its input column 'Magnetic' is Vector<Single, 10, 368, 3>");
        StringAssert.Contains(asTracking.Message, "load it with ForceModel");

        var streamAsForce = Assert.ThrowsExactly<InvalidDataException>(() => ForceModel.Load(_fixture.StreamZipPath(DecoderMode.Frozen)));
        StringAssert.Contains(streamAsForce.Message, $"'{_fixture.StreamZipPath(DecoderMode.Frozen)}' is not a Sparsh force model: it also reads input column(s) " +
            "'PastWindowSummaries', 'PastWindowCount'");
        StringAssert.Contains(streamAsForce.Message, "load it with TrackingModel");
    }

    [TestMethod]
    public void SavingRefusesWindowCountsOutsideTheTrainedContextAndModelsThatAreNoTemporalDecoder()
    {
        string path = Path.Combine(_fixture.Folder, "refused.zip");
        var model = _fixture.Model(DecoderMode.EndToEnd);
        var tooMany = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => _fixture.Preparation.SaveDeployableSequence(path, model, _fixture.RawWindows, N + 1));
        StringAssert.Contains(tooMany.Message, $"between 1 and the decoder's training sequence length {N}; got {N + 1}");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => _fixture.Preparation.SaveDeployableSequence(path, model, _fixture.RawWindows, 0));
        var oneWindowStream = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => _fixture.Preparation.SaveDeployableStream(path, model, _fixture.RawWindows, 1));
        StringAssert.Contains(oneWindowStream.Message, $"Windows per estimate in a stream zip must be between 2 and the decoder's training sequence length {N}; got 1");

        var frozenAlone = ((TransformerChain<ITransformer>)_fixture.Model(DecoderMode.Frozen)).Last();
        var wrong = Assert.ThrowsExactly<ArgumentException>(() => _fixture.Preparation.SaveDeployableSequence(path, frozenAlone, _fixture.RawWindows));
        StringAssert.Contains(wrong.Message, "got TemporalDecoderRegressorTransformer");
        Assert.IsFalse(File.Exists(path), "nothing is written for a refused model");

        // Fewer windows than trained is allowed: a shorter context, same weights.
        _fixture.Preparation.SaveDeployableSequence(path, model, _fixture.RawWindows, 2);
        using var shorter = TrackingModel.Load(path);
        Assert.AreEqual(2, shorter.WindowsPerRow);
        var first = shorter.Push(_fixture.Stream[0].Magnetic, _fixture.Stream[0].JointAngles);
        AssertClose(_fixture.ExpectedLive(DecoderMode.EndToEnd, 0), first.Values, "context 2, window 0");
    }
}
