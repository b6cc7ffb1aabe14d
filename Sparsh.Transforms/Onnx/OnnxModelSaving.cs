using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Scoring.ModelFiles;

namespace Sparsh.Transforms.Onnx;

/// <summary>
/// Saves a Sparsh transformer into an ML.NET model zip as ML.NET's own <c>OnnxTransformer</c> over the transformer's
/// exported graph: ML.NET persists only its built-in transformer types, and an OnnxTransformer stores the ONNX bytes
/// in the zip, so the saved model loads in an app with no Sparsh assembly.
/// </summary>
public static class OnnxModelSaving
{
    /// <summary>The bound input schema, or a clear error when the transformer was never applied.</summary>
    public static DataViewSchema RequireBound(DataViewSchema? boundInputSchema, string transformerName) =>
        boundInputSchema ?? throw new InvalidOperationException(
            $"{transformerName} cannot be saved before it has been applied to data: the saved ONNX graph has the fixed dimensions " +
            "of its input columns. Call Transform or GetOutputSchema with the schema it will score (e.g. the training data) first.");

    /// <summary>The graph output name for a column: the name, or <c>name.output</c> when an input has it (ML.NET strips the suffix).</summary>
    public static string OutputName(string column, IEnumerable<string> inputNames) => OnnxShapes.OutputName(column, inputNames);

    /// <summary>The fixed dimensions of a known-size vector column.</summary>
    public static OnnxDimension[] Dimensions(DataViewSchema schema, string columnName) =>
        schema[columnName].Type is VectorDataViewType { IsKnownSize: true } vector
            ? OnnxShapes.Fixed(vector.Dimensions)
            : throw new InvalidOperationException($"Column '{columnName}' is not a known-size vector; it cannot be saved as an ONNX input or output.");

    /// <summary>Writes an OnnxTransformer over <paramref name="model"/> into <paramref name="ctx"/>.</summary>
    /// <param name="ctx">The save context ML.NET passed to the Sparsh transformer.</param>
    /// <param name="model">The exported ONNX model.</param>
    /// <param name="inputColumns">Graph inputs, named as the ML.NET columns they read.</param>
    /// <param name="outputs">Graph outputs (ML.NET drops a <c>.output</c> suffix to name the columns).</param>
    /// <param name="inputSchema">Schema the transformer was bound to; checks the inputs' types now, not at load.</param>
    public static void Save(ModelSaveContext ctx, byte[] model, IReadOnlyList<string> inputColumns, IReadOnlyList<string> outputs, DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(model);
        // The project's exports never keep data outside the graph; checking here keeps a zip written by this library
        // loadable by every safe reader.
        OnnxModelGuard.Verify(model, "the exported ONNX graph being saved");
        var onnx = CreateTransformer(model, inputColumns, outputs, inputSchema);
        try
        {
            onnx.Save(ctx);
        }
        finally
        {
            (onnx as IDisposable)?.Dispose();
        }
    }

    /// <summary>
    /// Writes a model zip holding one OnnxTransformer over <paramref name="model"/>, for graphs that are a whole chain by
    /// themselves (e.g. the temporal prediction chain, whose row is several windows). It loads with plain ML.NET.
    /// </summary>
    /// <param name="path">The zip to write.</param>
    /// <param name="model">The exported ONNX model.</param>
    /// <param name="inputColumns">Graph inputs, named as the ML.NET columns they read.</param>
    /// <param name="outputs">Graph outputs (ML.NET drops a <c>.output</c> suffix to name the columns).</param>
    /// <param name="inputSchema">The zip's input schema: the columns an app feeds, with the graph's dimensions.</param>
    public static void SaveModelZip(string path, byte[] model, IReadOnlyList<string> inputColumns, IReadOnlyList<string> outputs, DataViewSchema inputSchema)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputSchema);
        OnnxModelGuard.Verify(model, "the exported ONNX graph being saved");
        var onnx = CreateTransformer(model, inputColumns, outputs, inputSchema);
        try
        {
            new MLContext().Model.Save(onnx, inputSchema, path);
        }
        finally
        {
            (onnx as IDisposable)?.Dispose();
        }
    }

    // ML.NET's OnnxTransformer over the model, bound to the input schema (which checks the inputs' types now, not at load).
    private static ITransformer CreateTransformer(byte[] model, IReadOnlyList<string> inputColumns, IReadOnlyList<string> outputs, DataViewSchema inputSchema)
    {
        try
        {
            var mlContext = new MLContext();
            using var stream = new MemoryStream(model, writable: false);
            return mlContext.Transforms.ApplyOnnxModel([.. outputs], [.. inputColumns], stream).Fit(new EmptyDataView(inputSchema));
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException)
        {
            throw new InvalidOperationException(
                "Saving a Sparsh transformer builds ML.NET's OnnxTransformer, which needs the native ONNX Runtime: add the " +
                "Microsoft.ML.OnnxRuntime package to the application that saves (and to the one that loads) the model.", e);
        }
    }
}
