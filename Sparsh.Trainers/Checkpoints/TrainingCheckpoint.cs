using Sparsh.Trainers.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Checkpoints;

/// <summary>
/// A supervised run's checkpoint in one file: counters and history, the model's weights (TorchSharp's
/// format), AdamW's state (moments and step counts) and the best epoch's weights. Written to a temporary
/// file and renamed, so an interrupted write never replaces a good checkpoint.
/// </summary>
public static class TrainingCheckpoint
{
    private const string Magic = "SPARSH-SUPERVISED-CHECKPOINT";
    private const int Version = 1;

    /// <summary>Writes the checkpoint.</summary>
    public static void Save(string path, nn.Module model, TorchSharp.Modules.OptimizerHelper optimizer, TrainingState state, TrainingHistory history)
    {
        string temporary = path + ".partial";
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using (var writer = new BinaryWriter(File.Create(temporary)))
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
            optimizer.save_state_dict(writer);
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads a checkpoint written by <see cref="Save"/> into the model, optimizer, state and history.</summary>
    /// <exception cref="InvalidDataException">The file is not a checkpoint of this kind or does not fit the model.</exception>
    public static void Load(string path, nn.Module model, TorchSharp.Modules.OptimizerHelper optimizer, TrainingState state, TrainingHistory history)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        string magic;
        try { magic = reader.ReadString(); }
        catch (Exception e) when (e is EndOfStreamException or IOException) { throw NotACheckpoint(path, e); }
        if (magic != Magic) throw NotACheckpoint(path, null);
        int version = reader.ReadInt32();
        if (version != Version) throw new InvalidDataException($"Checkpoint '{path}' has version {version}; this build reads version {Version}.");
        state.Epoch = reader.ReadInt32();
        state.Step = reader.ReadInt64();
        state.BestEpoch = reader.ReadInt32();
        state.BestValidationLoss = reader.ReadDouble();
        state.Stopped = reader.ReadBoolean();
        int reports = reader.ReadInt32();
        history.Epochs.Clear();
        for (int i = 0; i < reports; i++)
            history.Epochs.Add(new EpochReport(reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt64(), reader.ReadDouble(),
                reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble()));
        TensorFile.ReadInto(reader, model.state_dict(), path);
        state.BestWeights = model.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone());
        TensorFile.ReadInto(reader, state.BestWeights, path);
        optimizer.load_state_dict(reader);
    }

    private static InvalidDataException NotACheckpoint(string path, Exception? inner)
        => new($"'{path}' is not a Sparsh supervised-training checkpoint.", inner);
}
