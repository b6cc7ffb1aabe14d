using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Scoring.ModelFiles;

namespace Sparsh.Scoring.Force;

/// <summary>
/// A saved Sparsh force model zip (validity -> kinematics -> normalisation -> encoder -> decoder, all ONNX inside ML.NET)
/// loaded with plain ML.NET: raw window in, force in newtons out. Load checks that the zip is such a model; Predict
/// checks the window. Bad input throws with the file, column or index and what was expected. Calls to
/// <see cref="Predict"/> are serialised (one prediction engine), so one instance may be shared by threads.
/// </summary>
public sealed class ForceModel : IDisposable
{
    // The contract comes from the attributes of the app's own types, as ML.NET's prediction engine reads them.
    private static readonly SchemaDefinition InputContract = SchemaDefinition.Create(typeof(ForceWindow), SchemaDefinition.Direction.Read);
    private static readonly SchemaDefinition OutputContract = SchemaDefinition.Create(typeof(ScoredWindow), SchemaDefinition.Direction.Write);

    private readonly ITransformer _model;
    private readonly PredictionEngine<ForceWindow, ScoredWindow> _engine;
    private readonly object _gate = new();
    private ScoredWindow _output = new();

    private ForceModel(string path, ITransformer model, PredictionEngine<ForceWindow, ScoredWindow> engine)
    {
        Path = path;
        _model = model;
        _engine = engine;
    }

    /// <summary>The zip this model was loaded from.</summary>
    public string Path { get; }

    /// <summary>Loads a force model zip.</summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">
    /// The file is not a readable ML.NET model zip (corrupt, truncated), an ONNX graph in it keeps data outside the zip
    /// (see <see cref="OnnxModelGuard"/>), or it is a model with other input or output columns
    /// than a raw-window force model; the message names the file and the column expected and found.
    /// </exception>
    public static ForceModel Load(string path, MLContext? mlContext = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"Force model '{path}' not found.", path);
        mlContext ??= new MLContext();

        // Through the safe loader: a zip whose ONNX graph points at external data is refused before ONNX Runtime reads it.
        var model = ModelZip.Load(mlContext, path, out var inputSchema);

        try
        {
            RequireColumns(path, "input", inputSchema, InputContract);
            var extra = inputSchema.Where(c => InputContract.All(expected => expected.ColumnName != c.Name)).Select(c => $"'{c.Name}'").ToArray();
            if (extra.Length > 0)
                throw new InvalidDataException(
                    $"'{path}' is not a Sparsh force model: it also reads input column(s) {string.Join(", ", extra)}, which a raw window does not have" +
                    (inputSchema.GetColumnOrNull("PastWindowSummaries") is null ? "." : " (a tracking model in stream form: load it with TrackingModel)."));
            RequireColumns(path, "output", model.GetOutputSchema(inputSchema), OutputContract);
            return new ForceModel(path, model, mlContext.Model.CreatePredictionEngine<ForceWindow, ScoredWindow>(model));
        }
        catch (Exception e) when (e is not InvalidDataException and not OutOfMemoryException)
        {
            (model as IDisposable)?.Dispose();
            throw new InvalidDataException($"'{path}' loads as an ML.NET model but cannot score raw windows ({e.GetType().Name}: {e.Message}).", e);
        }
        catch
        {
            (model as IDisposable)?.Dispose();
            throw;
        }
    }

    /// <summary>Predicts the force of one raw window.</summary>
    /// <exception cref="ArgumentException">
    /// Wrong lengths (the field, expected and actual), a NaN or infinite joint angle (frame and joint), or a window in
    /// which every taxel is invalid, so the model would answer with its bias alone.
    /// </exception>
    public ForcePrediction Predict(ForceWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        RawWindowChecks.Check(
            window.MagneticCounts ?? throw new ArgumentException("MagneticCounts (column 'Magnetic') is null.", nameof(window)),
            window.JointAnglesRadians ?? throw new ArgumentException("JointAnglesRadians (column 'JointAngles') is null.", nameof(window)),
            nameof(window));
        lock (_gate)
        {
            _engine.Predict(window, ref _output);
            int masked = RawWindowChecks.MaskedTaxels(_output.Validity);
            if (masked == ForceWindow.Taxels) throw new ArgumentException(RawWindowChecks.AllTaxelsMasked("force"), nameof(window));
            // The chain answers NaN for any window its encoder cannot read; an app must never pass that on as a force.
            if (!_output.Score.All(float.IsFinite))
                throw new ArgumentException(
                    $"The model scored the window as [{string.Join(", ", _output.Score.Select(v => v.ToString(CultureInfo.InvariantCulture)))}]: " +
                    "a value the encoder cannot read (non-finite) reached it, so there is no force to report.", nameof(window));
            return new ForcePrediction([.. _output.Score], masked);
        }
    }

    /// <summary>Releases the prediction engine and the ONNX Runtime sessions of the model.</summary>
    public void Dispose()
    {
        _engine.Dispose();
        (_model as IDisposable)?.Dispose();
    }

    private static void RequireColumns(string path, string direction, DataViewSchema schema, SchemaDefinition contract)
    {
        foreach (var expected in contract)
        {
            var found = schema.GetColumnOrNull(expected.ColumnName);
            if (found is null)
                throw new InvalidDataException(
                    $"'{path}' is not a Sparsh force model: it has no {direction} column '{expected.ColumnName}' (expected {expected.ColumnType}); " +
                    $"its {direction} columns are {ModelZip.DescribeColumns(schema)}.");
            if (!found.Value.Type.Equals(expected.ColumnType))
                throw new InvalidDataException(
                    $"'{path}' is not a Sparsh force model for this app: its {direction} column '{expected.ColumnName}' is {found.Value.Type}; expected {expected.ColumnType}.");
        }
    }
}
