using Microsoft.ML;
using Microsoft.ML.Data;

namespace Sparsh.Trainers.Onnx;

/// <summary>
/// Saves a trained Sparsh transformer into an ML.NET model zip as ML.NET's own <c>OnnxTransformer</c> over its exported
/// graph, the route the data steps take in Sparsh.Transforms: ML.NET persists only its built-in transformer types, and
/// an OnnxTransformer stores the ONNX bytes in the zip, so the zip loads with no Sparsh assembly and no TorchSharp.
/// </summary>
internal static class OnnxTransformerSaving
{
    /// <summary>The bound input schema, or a clear error when the transformer was never applied.</summary>
    public static DataViewSchema RequireBound(DataViewSchema? boundInputSchema, string transformerName) =>
        boundInputSchema ?? throw new InvalidOperationException(
            $"{transformerName} cannot be saved before it has been applied to data: the saved ONNX graph has the fixed dimensions " +
            "of its input columns. Call Transform or GetOutputSchema with the schema it will score (e.g. the training data) first.");

    /// <summary>The graph output name for a column: the name, or <c>name.output</c> when an input has it (ML.NET strips the suffix).</summary>
    public static string OutputName(string column, IEnumerable<string> inputNames) =>
        inputNames.Contains(column, StringComparer.Ordinal) ? column + ".output" : column;

    /// <summary>Writes an OnnxTransformer over <paramref name="model"/> into <paramref name="ctx"/>.</summary>
    public static void Save(ModelSaveContext ctx, byte[] model, IReadOnlyList<string> inputColumns, IReadOnlyList<string> outputs, DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ITransformer onnx;
        try
        {
            var mlContext = new MLContext();
            using var stream = new MemoryStream(model, writable: false);
            onnx = mlContext.Transforms.ApplyOnnxModel([.. outputs], [.. inputColumns], stream).Fit(new NoRows(inputSchema));
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException)
        {
            throw new InvalidOperationException(
                "Saving a Sparsh transformer builds ML.NET's OnnxTransformer, which needs the native ONNX Runtime: add the " +
                "Microsoft.ML.OnnxRuntime package to the application that saves (and to the one that loads) the model.", e);
        }

        try
        {
            onnx.Save(ctx);
        }
        finally
        {
            (onnx as IDisposable)?.Dispose();
        }
    }

    /// <summary>A data view with a schema and no rows: all Fit needs to bind the OnnxTransformer to the columns.</summary>
    private sealed class NoRows(DataViewSchema schema) : IDataView
    {
        public DataViewSchema Schema { get; } = schema;

        public bool CanShuffle => true;

        public long? GetRowCount() => 0;

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => new Cursor(Schema);

        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) => [new Cursor(Schema)];

        private sealed class Cursor(DataViewSchema schema) : DataViewRowCursor
        {
            public override DataViewSchema Schema { get; } = schema;

            public override long Position => -1;

            public override long Batch => 0;

            public override bool MoveNext() => false;

            public override ValueGetter<DataViewRowId> GetIdGetter() => throw new InvalidOperationException("An empty data view has no rows.");

            public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => throw new InvalidOperationException("An empty data view has no rows.");

            public override bool IsColumnActive(DataViewSchema.Column column) => true;
        }
    }
}
