using System.Text.Json;
using System.Text.Json.Serialization;
using Sparsh.Transforms.Onnx;

namespace Sparsh.Trainers.Onnx;

/// <summary>
/// The one mapping between module state dicts and ONNX models, used by the exports (through <see cref="ModuleWeights"/>)
/// and by the import that rebuilds trainable modules from a model (<see cref="OnnxImport.OnnxModuleImport"/>):
/// <list type="bullet">
/// <item>state-dict entry <c>key</c> of the module exported as <c>owner</c> is the initializer <c>owner.key</c>
/// (<c>encoder.blocks.0.norm1.weight</c>: the key the module has inside <see cref="Decoders.EncoderDecoderModel"/>), or
/// <c>owner.key^T</c> when stored transposed (<see cref="ParameterLayout.Transposed"/>);</item>
/// <item>an entry that no node reads (a training-only parameter such as the encoder's mask token) is the metadata entry
/// <c>sparsh.parameter.owner.key</c>: float32 little-endian bytes in base64;</item>
/// <item>the module's architecture is the metadata entry <c>sparsh.config.owner</c> (JSON), so the import never guesses
/// it from shapes.</item>
/// </list>
/// </summary>
internal static class OnnxParameters
{
    /// <summary>Owner name of the <see cref="Encoder.SparshSkinEncoder"/> in a graph.</summary>
    public const string EncoderOwner = "encoder";

    /// <summary>Owner name of the <see cref="Decoders.InstantaneousDecoder"/> in a graph.</summary>
    public const string DecoderOwner = "decoder";

    /// <summary>Owner name of the <see cref="Decoders.TemporalDecoder"/> in a graph.</summary>
    public const string TemporalDecoderOwner = "temporal_decoder";

    /// <summary>Metadata key of the version of this mapping; a reader refuses graphs written with another.</summary>
    public const string FormatKey = "sparsh.parameters.format";

    /// <summary>The version of this mapping written into every graph holding module weights.</summary>
    public const string FormatVersion = "1";

    private const string TransposedSuffix = "^T";

    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    /// <summary>The initializer name of state-dict entry <paramref name="key"/> of module <paramref name="owner"/>.</summary>
    public static string InitializerName(string owner, string key, ParameterLayout layout)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        return layout == ParameterLayout.Transposed ? $"{owner}.{key}{TransposedSuffix}" : $"{owner}.{key}";
    }

    /// <summary>Whether an initializer name belongs to module <paramref name="owner"/>'s parameters.</summary>
    public static bool IsParameterOf(string initializerName, string owner) => initializerName.StartsWith(owner + ".", StringComparison.Ordinal);

    /// <summary>The metadata key of state-dict entry <paramref name="key"/> that no node reads.</summary>
    public static string UnreadParameterKey(string owner, string key) => $"sparsh.parameter.{owner}.{key}";

    /// <summary>The metadata key of module <paramref name="owner"/>'s architecture.</summary>
    public static string ConfigKey(string owner) => $"sparsh.config.{owner}";

    /// <summary>Stores the architecture of module <paramref name="owner"/> (and the mapping's version) in the graph's metadata.</summary>
    public static void WriteConfig<T>(OnnxGraphBuilder graph, string owner, T config)
    {
        ArgumentNullException.ThrowIfNull(graph);
        graph.AddMetadata(FormatKey, FormatVersion);
        graph.AddMetadata(ConfigKey(owner), JsonSerializer.Serialize(config, Json));
    }

    /// <summary>The architecture of module <paramref name="owner"/> stored by <see cref="WriteConfig{T}"/>, or null when the model has none.</summary>
    /// <exception cref="InvalidDataException">The model was written with another version of this mapping, or the JSON is unreadable.</exception>
    public static T? ReadConfig<T>(OnnxModelContents model, string owner) where T : class
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!model.Metadata.TryGetValue(ConfigKey(owner), out var json)) return null;
        model.Metadata.TryGetValue(FormatKey, out var format);
        if (format != FormatVersion)
            throw new InvalidDataException($"{model.Source} stores its {owner} weights in format '{format ?? "none"}'; this build reads format {FormatVersion}.");
        try
        {
            return JsonSerializer.Deserialize<T>(json, Json) ?? throw new InvalidDataException($"{model.Source}: the {owner} configuration is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{model.Source}: the {owner} configuration ({ConfigKey(owner)}) is not readable: {e.Message}", e);
        }
    }

    /// <summary>Float32 values as metadata text (base64 of little-endian bytes): bit-exact, unlike decimal text.</summary>
    internal static string EncodeFloats(ReadOnlySpan<float> values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        for (var i = 0; i < values.Length; i++) System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        return Convert.ToBase64String(bytes);
    }

    /// <summary>The inverse of <see cref="EncodeFloats"/>.</summary>
    internal static float[] DecodeFloats(string text)
    {
        var bytes = Convert.FromBase64String(text);
        if (bytes.Length % sizeof(float) != 0) throw new FormatException($"{bytes.Length} bytes are not a whole number of float32 values.");
        var values = new float[bytes.Length / sizeof(float)];
        for (var i = 0; i < values.Length; i++) values[i] = System.Buffers.Binary.BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * sizeof(float)));
        return values;
    }

    /// <summary>Transposes a row-major matrix [rows, columns] into [columns, rows].</summary>
    internal static float[] Transpose(ReadOnlySpan<float> values, int rows, int columns)
    {
        if (values.Length != rows * columns) throw new ArgumentException($"{values.Length} values are not a [{rows}, {columns}] matrix.", nameof(values));
        var transposed = new float[values.Length];
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < columns; c++)
                transposed[c * rows + r] = values[r * columns + c];
        return transposed;
    }
}
