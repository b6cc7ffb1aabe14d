using System.Text;
using System.Text.Json;
using Sparsh.Trainers.Encoder;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Pretraining;

/// <summary>
/// Checkpoint file of a pretraining run. Little-endian binary:
/// <c>"SPARSHCK"</c> (8 ASCII bytes), int32 format version (1), then length-prefixed (.NET BinaryWriter) UTF-8 strings:
/// encoder config JSON and run state JSON (<see cref="PretrainingState"/>), then three sections, each an int64 byte
/// length followed by the bytes: (1) the inference encoder (teacher for self-distillation) in TorchSharp's module
/// format (<c>module.save</c>), (2) the whole objective model (student, teacher, heads, centres), (3) the optimizer
/// (int64 step count, int32 parameter count, then per tensor int64 count + float32 values: first moments, then
/// second moments). Written to a temporary file and renamed, so an interrupted write never leaves a torn checkpoint.
/// </summary>
public static class PretrainingCheckpoint
{
    private const string Magic = "SPARSHCK";
    private const int FormatVersion = 1;

    /// <summary>Writes a checkpoint.</summary>
    public static void Save(string path, PretrainingObjectiveModel model, ScheduledAdamW optimizer, PretrainingState state)
    {
        string temporary = path + ".tmp";
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using (var stream = File.Create(temporary))
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            WriteHeader(writer, model.InferenceEncoder.Config, state);
            WriteSection(writer, w => model.InferenceEncoder.save(w));
            WriteSection(writer, w => model.save(w));
            WriteSection(writer, optimizer.Save);
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads the encoder config and run state.</summary>
    public static (SparshSkinEncoderConfig Config, PretrainingState State) ReadHeader(string path)
    {
        using var reader = Open(path);
        return ReadHeader(reader, path);
    }

    /// <summary>Loads the inference encoder (on the CPU, in evaluation mode).</summary>
    public static SparshSkinEncoder LoadEncoder(string path)
    {
        using var reader = Open(path);
        var (config, _) = ReadHeader(reader, path);
        var encoder = new SparshSkinEncoder(config);
        long length = reader.ReadInt64();
        using var section = new BinaryReader(new MemoryStream(reader.ReadBytes(checked((int)length))));
        encoder.load(section);
        encoder.eval();
        return encoder;
    }

    /// <summary>Restores model and optimizer state and returns the run state.</summary>
    public static PretrainingState Restore(string path, PretrainingObjectiveModel model, ScheduledAdamW optimizer)
    {
        using var reader = Open(path);
        var (_, state) = ReadHeader(reader, path);
        reader.BaseStream.Seek(reader.ReadInt64(), SeekOrigin.Current);
        long modelLength = reader.ReadInt64();
        using (var section = new BinaryReader(new MemoryStream(reader.ReadBytes(checked((int)modelLength)))))
            model.load(section);
        reader.ReadInt64();
        optimizer.Load(reader);
        return state;
    }

    private static BinaryReader Open(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Checkpoint '{path}' not found.", path);
        return new BinaryReader(File.OpenRead(path), Encoding.UTF8);
    }

    private static void WriteHeader(BinaryWriter writer, SparshSkinEncoderConfig config, PretrainingState state)
    {
        writer.Write(Encoding.ASCII.GetBytes(Magic));
        writer.Write(FormatVersion);
        writer.Write(JsonSerializer.Serialize(config));
        writer.Write(JsonSerializer.Serialize(state));
    }

    private static (SparshSkinEncoderConfig, PretrainingState) ReadHeader(BinaryReader reader, string path)
    {
        string magic = Encoding.ASCII.GetString(reader.ReadBytes(Magic.Length));
        if (magic != Magic) throw new InvalidDataException($"'{path}' is not a Sparsh pretraining checkpoint (magic '{magic}').");
        int version = reader.ReadInt32();
        if (version != FormatVersion) throw new InvalidDataException($"'{path}' has checkpoint format {version}; this build reads {FormatVersion}.");
        var config = JsonSerializer.Deserialize<SparshSkinEncoderConfig>(reader.ReadString())
            ?? throw new InvalidDataException($"'{path}': empty encoder config.");
        var state = JsonSerializer.Deserialize<PretrainingState>(reader.ReadString())
            ?? throw new InvalidDataException($"'{path}': empty run state.");
        return (config, state);
    }

    // module.save closes the stream it writes to, so each section goes to its own memory stream first.
    private static void WriteSection(BinaryWriter writer, Action<BinaryWriter> write)
    {
        var buffer = new MemoryStream();
        using (var sectionWriter = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true)) write(sectionWriter);
        // ToArray works after the stream was closed.
        byte[] bytes = buffer.ToArray();
        writer.Write((long)bytes.Length);
        writer.Write(bytes);
    }
}
