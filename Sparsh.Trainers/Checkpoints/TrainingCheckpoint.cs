using System.Text;
using Sparsh.Trainers.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Checkpoints;

/// <summary>
/// A supervised run's checkpoint in one file: counters and history, the model's weights (<see cref="TensorFile"/>),
/// the best epoch's weights and AdamW's state (moments and step counts, TorchSharp's format). Version 2 keeps the
/// optimizer state in an int64-length section and ends with the SHA-256 of everything before it; version 1 files
/// (no checksum, optimizer state to the end of the file) still load, with every field bounds-checked but without the
/// corruption check. Written to a temporary file, flushed to disk and renamed (see <see cref="CheckpointFile"/>), so
/// an interrupted write never replaces a good checkpoint.
/// </summary>
internal static class TrainingCheckpoint
{
    private const string Magic = "SPARSH-SUPERVISED-CHECKPOINT";
    private const int Version = 2, UnsummedVersion = 1;
    // Epoch, Epochs, Step, TrainLoss, ValidationLoss, ValidationRmse, SamplesPerSecond.
    private const int EpochReportBytes = 2 * sizeof(int) + sizeof(long) + 4 * sizeof(double);

    /// <summary>Writes the checkpoint.</summary>
    public static void Save(string path, nn.Module model, TorchSharp.Modules.OptimizerHelper optimizer, TrainingState state, TrainingHistory history)
    {
        CheckpointFile.Write(path, path + ".partial", writer =>
        {
            writer.Write(Magic);
            writer.Write(Version);
            writer.Write(state.Epoch);
            writer.Write(state.Step);
            writer.Write(state.BestEpoch);
            writer.Write(state.BestValidationLoss);
            writer.Write(state.Stopped);
            writer.Write(history.Epochs.Count);
            foreach (var r in history.Epochs)
            {
                writer.Write(r.Epoch); writer.Write(r.Epochs); writer.Write(r.Step); writer.Write(r.TrainLoss);
                writer.Write(r.ValidationLoss); writer.Write(r.ValidationRmse); writer.Write(r.SamplesPerSecond);
            }
            TensorFile.Write(writer, model.state_dict());
            TensorFile.Write(writer, state.BestWeights ?? model.state_dict());
            var section = new MemoryStream();
            using (var sectionWriter = new BinaryWriter(section, Encoding.UTF8, leaveOpen: true)) optimizer.save_state_dict(sectionWriter);
            byte[] bytes = section.ToArray();
            writer.Write((long)bytes.Length);
            writer.Write(bytes);
        });
    }

    /// <summary>Reads a checkpoint written by <see cref="Save"/> into the model, optimizer, state and history.</summary>
    /// <exception cref="InvalidDataException">The file is not a checkpoint of this kind, is corrupt or truncated (checksum),
    /// or does not fit the model (the message names the file, and the tensor and both shapes for a mismatch).</exception>
    public static void Load(string path, nn.Module model, TorchSharp.Modules.OptimizerHelper optimizer, TrainingState state, TrainingHistory history)
    {
        using var reader = new CheckpointReader(path);
        string magic;
        try { magic = reader.ReadString("the magic string", Magic.Length); }
        catch (InvalidDataException e) { throw NotACheckpoint(path, e); }
        if (magic != Magic) throw NotACheckpoint(path, null);
        int version = reader.ReadInt32("the format version");
        if (version is not (Version or UnsummedVersion))
            throw new InvalidDataException($"Checkpoint '{path}' has version {version}; this build reads versions {UnsummedVersion} and {Version}.");
        if (version == Version) reader.VerifyChecksum();

        // Counters and history go into locals first, so a file that fails on its first fields leaves the state untouched.
        int epoch = reader.ReadInt32("the epoch");
        long step = reader.ReadInt64("the step");
        int bestEpoch = reader.ReadInt32("the best epoch");
        double bestValidationLoss = reader.ReadDouble("the best validation loss");
        bool stopped = reader.ReadBoolean("the stopped flag");
        int reports = reader.ReadCount("the number of epoch reports", reader.Remaining / EpochReportBytes);
        var epochs = new List<EpochReport>(reports);
        for (int i = 0; i < reports; i++)
            epochs.Add(new EpochReport(reader.ReadInt32("an epoch report"), reader.ReadInt32("an epoch report"), reader.ReadInt64("an epoch report"),
                reader.ReadDouble("an epoch report"), reader.ReadDouble("an epoch report"), reader.ReadDouble("an epoch report"), reader.ReadDouble("an epoch report")));
        (state.Epoch, state.Step, state.BestEpoch, state.BestValidationLoss, state.Stopped) = (epoch, step, bestEpoch, bestValidationLoss, stopped);
        history.Epochs.Clear();
        history.Epochs.AddRange(epochs);

        TensorFile.ReadInto(reader, model.state_dict(), "the model's weights");
        state.BestWeights = model.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone());
        TensorFile.ReadInto(reader, state.BestWeights, "the best epoch's weights");
        if (version == UnsummedVersion)
        {
            LoadOptimizer(reader, optimizer);
            return;
        }
        byte[] section = reader.ReadSection("the optimizer state");
        reader.ExpectEnd();
        using var sectionReader = new CheckpointReader(new BinaryReader(new MemoryStream(section), Encoding.UTF8), path, section.Length);
        LoadOptimizer(sectionReader, optimizer);
        sectionReader.ExpectEnd();
    }

    // TorchSharp's optimizer format is parsed by TorchSharp, which reports a mismatch or a short stream with its own
    // exception types and without the file; those become InvalidDataException naming the file. In version 2 the
    // checksum has already ruled out corruption, so what fails here is an optimizer of another shape.
    private static void LoadOptimizer(CheckpointReader reader, TorchSharp.Modules.OptimizerHelper optimizer)
    {
        try { optimizer.load_state_dict(reader.Reader); }
        catch (Exception e) when (e is ArgumentException or EndOfStreamException or IOException or OverflowException or OutOfMemoryException
                                      or NotImplementedException or InvalidOperationException or IndexOutOfRangeException)
        {
            throw reader.Error($"the optimizer state does not fit this model's optimizer ({e.Message})", e);
        }
    }

    private static InvalidDataException NotACheckpoint(string path, Exception? inner)
        => new($"'{path}' is not a Sparsh supervised-training checkpoint{(inner == null ? "" : ", or is truncated within its header")}.", inner);
}
