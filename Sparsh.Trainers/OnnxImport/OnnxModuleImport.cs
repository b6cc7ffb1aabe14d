using Sparsh.Trainers.Decoders;
using Sparsh.Trainers.Encoder;
using Sparsh.Trainers.Onnx;
using Sparsh.Transforms.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.OnnxImport;

/// <summary>
/// Rebuilds trainable TorchSharp modules from an ONNX model written by this project's exports: the architecture from the
/// model's metadata, every state-dict entry from its initializer (or, for training-only parameters, its metadata entry),
/// both named by <see cref="OnnxParameters"/>. Values are copied bit for bit; the modules come back on the CPU in
/// evaluation mode with gradients enabled, ready for <c>train()</c> or for <see cref="DecoderMode.FineTune"/>.
/// </summary>
internal static class OnnxModuleImport
{
    /// <summary>Whether <paramref name="model"/> holds the weights of module <paramref name="owner"/> (e.g. <see cref="OnnxParameters.EncoderOwner"/>).</summary>
    public static bool Holds(OnnxModelContents model, string owner)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Metadata.ContainsKey(OnnxParameters.ConfigKey(owner));
    }

    /// <summary>The Sparsh-skin encoder in <paramref name="model"/>.</summary>
    /// <exception cref="InvalidDataException">The model holds no encoder, or its weights do not match its configuration; the message names the model.</exception>
    public static SparshSkinEncoder ReadEncoder(OnnxModelContents model) =>
        Read<SparshSkinEncoderConfig, SparshSkinEncoder>(model, OnnxParameters.EncoderOwner, "Sparsh-skin encoder", config =>
        {
            config.Validate();
            return new SparshSkinEncoder(config);
        });

    /// <summary>The instantaneous (attentive-pooler) decoder in <paramref name="model"/>.</summary>
    /// <exception cref="InvalidDataException">The model holds no decoder, or its weights do not match its configuration; the message names the model.</exception>
    public static InstantaneousDecoder ReadDecoder(OnnxModelContents model) =>
        Read<InstantaneousDecoderConfig, InstantaneousDecoder>(model, OnnxParameters.DecoderOwner, "instantaneous decoder", config => config.Create());

    /// <summary>The temporal decoder in <paramref name="model"/> (<see cref="TemporalDecoderOnnx"/>).</summary>
    /// <exception cref="InvalidDataException">The model holds no temporal decoder, or its weights do not match its configuration; the message names the model.</exception>
    public static TemporalDecoder ReadTemporalDecoder(OnnxModelContents model) =>
        Read<TemporalDecoderConfig, TemporalDecoder>(model, OnnxParameters.TemporalDecoderOwner, "temporal decoder", config => config.Create());

    /// <summary>
    /// Copies every state-dict entry of <paramref name="module"/> from the weights of <paramref name="owner"/> in
    /// <paramref name="model"/>, checking shapes, and that the model holds no weights of that owner the module lacks.
    /// </summary>
    /// <exception cref="InvalidDataException">An entry is missing or has another shape, or the model holds extra weights.</exception>
    public static void LoadWeights(nn.Module module, OnnxModelContents model, string owner)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(model);
        var used = new HashSet<string>(StringComparer.Ordinal);
        using (no_grad())
        using (NewDisposeScope())
        {
            foreach (var (key, target) in module.state_dict())
            {
                var source = target.dtype == ScalarType.Int64 ? Integers(model, owner, key, target.shape, used)
                    : target.is_floating_point() ? Floats(model, owner, key, target.shape, used)
                    : throw new InvalidDataException($"{model.Source}: {owner} entry '{key}' has type {target.dtype}, which the ONNX weights do not carry.");
                target.copy_(source.to(target.dtype, target.device));
            }
        }

        var unread = OnnxParameters.UnreadParameterKey(owner, "");
        var extra = model.Initializers.Keys.Where(n => OnnxParameters.IsParameterOf(n, owner))
            .Concat(model.Metadata.Keys.Where(k => k.StartsWith(unread, StringComparison.Ordinal)))
            .Where(n => !used.Contains(n)).ToList();
        if (extra.Count > 0)
            throw new InvalidDataException($"{model.Source} holds {owner} weights that the module rebuilt from its configuration has no entry for: " +
                $"{string.Join(", ", extra.Take(10))}. The graph and its configuration do not belong together.");
    }

    private static Tensor Floats(OnnxModelContents model, string owner, string key, long[] shape, HashSet<string> used)
    {
        var name = OnnxParameters.InitializerName(owner, key, ParameterLayout.AsStored);
        if (model.Initializers.TryGetValue(name, out var stored))
        {
            RequireShape(model, stored, shape);
            used.Add(name);
            return tensor(stored.FloatValues(), shape);
        }

        name = OnnxParameters.InitializerName(owner, key, ParameterLayout.Transposed);
        if (model.Initializers.TryGetValue(name, out var transposed))
        {
            if (shape.Length != 2) throw new InvalidDataException($"{model.Source}: '{name}' is stored transposed but {owner} entry '{key}' has rank {shape.Length}.");
            RequireShape(model, transposed, [shape[1], shape[0]]);
            used.Add(name);
            return tensor(OnnxParameters.Transpose(transposed.FloatValues(), (int)shape[1], (int)shape[0]), shape);
        }

        name = OnnxParameters.UnreadParameterKey(owner, key);
        if (model.Metadata.TryGetValue(name, out var text))
        {
            float[] values;
            try
            {
                values = OnnxParameters.DecodeFloats(text);
            }
            catch (FormatException e)
            {
                throw new InvalidDataException($"{model.Source}: metadata '{name}' is not base64 float32 values: {e.Message}", e);
            }
            if (values.LongLength != shape.Aggregate(1L, (n, d) => n * d))
                throw new InvalidDataException($"{model.Source}: metadata '{name}' holds {values.Length} values; {owner} entry '{key}' is [{string.Join(", ", shape)}].");
            used.Add(name);
            return tensor(values, shape);
        }

        throw new InvalidDataException($"{model.Source} has no weights for {owner} entry '{key}' (initializer " +
            $"'{OnnxParameters.InitializerName(owner, key, ParameterLayout.AsStored)}', its transposed form or metadata '{name}').");
    }

    private static Tensor Integers(OnnxModelContents model, string owner, string key, long[] shape, HashSet<string> used)
    {
        var name = OnnxParameters.InitializerName(owner, key, ParameterLayout.AsStored);
        if (!model.Initializers.TryGetValue(name, out var stored))
            throw new InvalidDataException($"{model.Source} has no initializer '{name}' for {owner} entry '{key}'.");
        RequireShape(model, stored, shape);
        used.Add(name);
        return tensor(stored.Int64Values(), shape);
    }

    private static void RequireShape(OnnxModelContents model, OnnxInitializer initializer, long[] shape)
    {
        if (!initializer.Dims.SequenceEqual(shape))
            throw new InvalidDataException($"{model.Source}: initializer '{initializer.Name}' is [{string.Join(", ", initializer.Dims)}]; the module rebuilt from the " +
                $"stored configuration expects [{string.Join(", ", shape)}].");
    }

    // The module built from the stored configuration, then filled with the stored weights. A configuration the module
    // rejects is a corrupt model, not a caller's mistake, hence InvalidDataException.
    private static TModule Read<TConfig, TModule>(OnnxModelContents model, string owner, string what, Func<TConfig, TModule> create)
        where TConfig : class where TModule : nn.Module
    {
        ArgumentNullException.ThrowIfNull(model);
        var config = OnnxParameters.ReadConfig<TConfig>(model, owner) ?? throw new InvalidDataException(
            $"{model.Source} holds no {what}: it has no '{OnnxParameters.ConfigKey(owner)}' metadata (graph '{model.GraphName}', producer " +
            $"'{model.ProducerName}'). Only graphs exported by Sparsh.MLNet with their module weights can be read back.");
        TModule module;
        try
        {
            module = create(config);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{model.Source}: the stored {what} configuration is invalid: {e.Message}", e);
        }
        LoadWeights(module, model, owner);
        module.eval();
        return module;
    }
}
