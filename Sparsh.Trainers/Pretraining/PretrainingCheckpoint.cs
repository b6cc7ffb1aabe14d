using System.Text;
using System.Text.Json;
using Sparsh.Trainers.Checkpoints;
using Sparsh.Trainers.Encoder;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Pretraining;

/// <summary>
/// Checkpoint file of a pretraining run. Little-endian binary:
/// <c>"SPARSHCK"</c> (8 ASCII bytes), int32 format version (2), then length-prefixed (.NET BinaryWriter) UTF-8 strings:
/// encoder config JSON and run state JSON (<see cref="PretrainingState"/>), then three sections, each an int64 byte
/// length followed by the bytes: (1) the inference encoder (teacher for self-distillation, online encoder for BYOL) in TorchSharp's module
/// format (<c>module.save</c>), (2) the whole objective model (student, teacher, heads, centres), (3) the optimizer
/// (int64 step count, int32 parameter count, then per tensor int64 count + float32 values: first moments, then
/// second moments); finally the SHA-256 of every byte before it. Written to a temporary file, flushed to disk and
/// renamed, so an interrupted write never leaves a torn checkpoint. Loading checks the checksum, then every length,
/// key and shape against the file and the model before allocating. Version 1 (the same without the checksum) still
/// loads, with the same bounds checks but no corruption check.
/// </summary>
internal static class PretrainingCheckpoint
{
    private const string Magic = "SPARSHCK";
    private const int FormatVersion = 2, UnsummedVersion = 1;
    // Config and state are a few hundred bytes of JSON; the bound only stops a corrupt length from allocating.
    private const int MaxJsonBytes = 1 << 20;

    /// <summary>Writes a checkpoint.</summary>
    public static void Save(string path, PretrainingObjectiveModel model, ScheduledAdamW optimizer, PretrainingState state)
    {
        CheckpointFile.Write(path, path + ".tmp", writer =>
        {
            WriteHeader(writer, model.InferenceEncoder.Config, state);
            WriteSection(writer, w => model.InferenceEncoder.save(w));
            WriteSection(writer, w => model.save(w));
            WriteSection(writer, optimizer.Save);
        });
    }

    /// <summary>Reads the encoder config and run state (without reading the rest of the file, so without the checksum check).</summary>
    /// <exception cref="InvalidDataException">The file is not a pretraining checkpoint or its header is malformed.</exception>
    public static (SparshSkinEncoderConfig Config, PretrainingState State) ReadHeader(string path)
    {
        using var reader = new CheckpointReader(path);
        return ReadHeader(reader, verify: false);
    }

    /// <summary>Loads the inference encoder (on the CPU, in evaluation mode).</summary>
    /// <exception cref="InvalidDataException">The file is corrupt, truncated or not a pretraining checkpoint.</exception>
    public static SparshSkinEncoder LoadEncoder(string path)
    {
        using var reader = new CheckpointReader(path);
        var (config, _) = ReadHeader(reader, verify: true);
        byte[] section = reader.ReadSection("the encoder section");
        var encoder = new SparshSkinEncoder(config);
        try
        {
            ModuleStateSection.Check(section, encoder.state_dict(), path, "the encoder section");
            using var sectionReader = new BinaryReader(new MemoryStream(section));
            encoder.load(sectionReader);
        }
        catch
        {
            encoder.Dispose();
            throw;
        }
        encoder.eval();
        return encoder;
    }

    /// <summary>Restores model and optimizer state and returns the run state.</summary>
    /// <exception cref="InvalidDataException">The file is corrupt, truncated, not a pretraining checkpoint, or of another
    /// model (the message names the tensor and both shapes).</exception>
    public static PretrainingState Restore(string path, PretrainingObjectiveModel model, ScheduledAdamW optimizer)
    {
        using var reader = new CheckpointReader(path);
        var (_, state) = ReadHeader(reader, verify: true);
        reader.Skip(reader.ReadInt64("the length of the encoder section"), "the encoder section");
        byte[] modelSection = reader.ReadSection("the model section");
        ModuleStateSection.Check(modelSection, model.state_dict(), path, "the model section");
        using (var section = new BinaryReader(new MemoryStream(modelSection)))
            model.load(section);
        byte[] optimizerSection = reader.ReadSection("the optimizer section");
        using (var section = new CheckpointReader(new BinaryReader(new MemoryStream(optimizerSection), Encoding.UTF8), path, optimizerSection.Length))
        {
            section.ReadInt64("the optimizer step count");
            int count = section.ReadInt32("the optimizer parameter count");
            // Each parameter has two moments of at least an int64 count each; ScheduledAdamW checks every count against
            // its own tensor before allocating, so only its message needs the file's name.
            section.Need(2L * count * sizeof(long), "the optimizer moments");
            section.Reader.BaseStream.Position = 0;
            try { optimizer.Load(section.Reader); }
            catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
            {
                throw reader.Error($"the optimizer section does not fit this model's optimizer ({e.Message})", e);
            }
            section.ExpectEnd();
        }
        reader.ExpectEnd();
        return state;
    }

    private static void WriteHeader(BinaryWriter writer, SparshSkinEncoderConfig config, PretrainingState state)
    {
        writer.Write(Encoding.ASCII.GetBytes(Magic));
        writer.Write(FormatVersion);
        writer.Write(JsonSerializer.Serialize(config));
        writer.Write(JsonSerializer.Serialize(state));
    }

    private static (SparshSkinEncoderConfig, PretrainingState) ReadHeader(CheckpointReader reader, bool verify)
    {
        string path = reader.Source;
        if (reader.Remaining < Magic.Length)
            throw new InvalidDataException($"'{path}' is not a Sparsh pretraining checkpoint ({reader.Remaining} bytes, shorter than the magic).");
        string magic = Encoding.ASCII.GetString(reader.ReadBytes(Magic.Length, "the magic"));
        if (magic != Magic) throw new InvalidDataException($"'{path}' is not a Sparsh pretraining checkpoint (magic '{magic}').");
        int version = reader.ReadInt32("the format version");
        if (version is not (FormatVersion or UnsummedVersion))
            throw new InvalidDataException($"'{path}' has checkpoint format {version}; this build reads {UnsummedVersion} and {FormatVersion}.");
        if (verify && version == FormatVersion) reader.VerifyChecksum();
        var config = Deserialize<SparshSkinEncoderConfig>(reader, "the encoder config");
        var state = Deserialize<PretrainingState>(reader, "the run state");
        return (config, state);
    }

    private static T Deserialize<T>(CheckpointReader reader, string what)
    {
        string json = reader.ReadString(what, MaxJsonBytes);
        try
        {
            return JsonSerializer.Deserialize<T>(json) ?? throw reader.Error($"{what} is empty");
        }
        catch (JsonException e)
        {
            throw reader.Error($"{what} is not valid JSON ({e.Message})", e);
        }
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
