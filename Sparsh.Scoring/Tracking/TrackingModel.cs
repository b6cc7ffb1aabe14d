using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Scoring.Force;
using Sparsh.Scoring.ModelFiles;

namespace Sparsh.Scoring.Tracking;

/// <summary>
/// A saved Sparsh tracking model zip (object pose or joystick state from the temporal decoder: validity -> kinematics ->
/// normalisation -> encoder -> temporal decoder, one ONNX graph inside ML.NET) loaded with plain ML.NET, fed window by
/// window. Each <see cref="Push"/> scores the new window after the ones before it (up to N in all) and returns the current
/// estimate. A zip whose row is the last N raw windows keeps them in a rolling buffer and encodes them all on every call;
/// a zip in stream form keeps the earlier windows' pooled summaries instead and encodes only the new window.
/// Bad input throws with the file, column or index and what was expected, and leaves the buffer as it was. Calls are
/// serialised (one prediction engine), so one instance may be shared by threads, though a stream's windows must come in order.
/// </summary>
public sealed class TrackingModel : IDisposable
{
    private const int ValuesPerWindow = TrackingGraph.ValuesPerWindow;
    private const int AnglesPerWindow = TrackingGraph.AnglesPerWindow;

    private readonly TrackingGraph _graph;
    private readonly object _gate = new();

    private TrackingModel(string path, TrackingGraph graph)
    {
        Path = path;
        _graph = graph;
    }

    /// <summary>The zip this model was loaded from.</summary>
    public string Path { get; }

    /// <summary>Windows one estimate rests on at most (the zip's row): older windows leave the buffer.</summary>
    public int WindowsPerRow => _graph.WindowsPerRow;

    /// <summary>Values per estimate (e.g. 3: Tx, Ty, theta).</summary>
    public int OutputCount => _graph.OutputCount;

    /// <summary>
    /// Whether the zip is in stream form (<c>SaveDeployableStream</c>): each window is encoded once and the model keeps the
    /// earlier windows' pooled summaries; otherwise its row is the last N raw windows, all encoded again on every call.
    /// </summary>
    public bool IsStreamForm => _graph is WindowStreamGraph;

    /// <summary>Windows the next estimate will rest on besides its own (0 after <see cref="Reset"/>).</summary>
    public int BufferedWindows
    {
        get { lock (_gate) return _graph.BufferedWindows; }
    }

    /// <summary>Loads a tracking model zip (written by <c>WindowPreparation.SaveDeployableSequence</c> or <c>SaveDeployableStream</c>).</summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">
    /// The file is not a readable ML.NET model zip, an ONNX graph in it keeps data outside the zip or no longer matches its
    /// recorded hash (see <see cref="OnnxModelGuard"/>), or it is a model with other input or output columns than a
    /// tracking model (e.g. a force model); the message names the file and the column expected and found.
    /// </exception>
    public static TrackingModel Load(string path, MLContext? mlContext = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"Tracking model '{path}' not found.", path);
        mlContext ??= new MLContext();
        var model = ModelZip.Load(mlContext, path, out var inputSchema);
        try
        {
            var outputSchema = model.GetOutputSchema(inputSchema);
            TrackingGraph graph = inputSchema.GetColumnOrNull(nameof(WindowStreamRow.PastWindowSummaries)) is null
                ? LastWindows(mlContext, path, model, inputSchema, outputSchema)
                : WindowStream(mlContext, path, model, inputSchema, outputSchema);
            return new TrackingModel(path, graph);
        }
        catch (Exception e) when (e is not InvalidDataException and not OutOfMemoryException)
        {
            (model as IDisposable)?.Dispose();
            throw new InvalidDataException($"'{path}' loads as an ML.NET model but cannot score window sequences ({e.GetType().Name}: {e.Message}).", e);
        }
        catch
        {
            (model as IDisposable)?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Scores the next raw window of the stream after the buffered ones and adds it to the buffer. Push windows in time
    /// order at the model's stride (e.g. from a <c>LiveWindowAssembler</c>); call <see cref="Reset"/> after a gap.
    /// </summary>
    /// <param name="magneticCounts">Raw skin counts [10 frames, 368 taxels, 3 axes], frame-major.</param>
    /// <param name="jointAnglesRadians">Joint angles [10 frames, 16 joints] in radians, frame-major.</param>
    /// <exception cref="ArgumentException">
    /// Wrong lengths (the field, expected and actual), a NaN or infinite joint angle (frame and joint), a window in which
    /// every taxel is invalid, or an estimate that is not finite; the window is then not buffered.
    /// </exception>
    public TrackingPrediction Push(ReadOnlySpan<float> magneticCounts, ReadOnlySpan<float> jointAnglesRadians)
    {
        RawWindowChecks.Check(magneticCounts, jointAnglesRadians, nameof(magneticCounts));
        lock (_gate) return _graph.Push(magneticCounts, jointAnglesRadians, (values, validity, windows) => Read(values, validity, windows, nameof(magneticCounts)));
    }

    /// <summary>
    /// Scores a recorded sequence of 1 to <see cref="WindowsPerRow"/> raw windows, oldest first, as one sequence that starts
    /// with its first window: the estimate after each window. The rolling buffer is neither read nor changed.
    /// </summary>
    /// <param name="magneticCounts">Raw skin counts [windows, 10 frames, 368 taxels, 3 axes], window- then frame-major.</param>
    /// <param name="jointAnglesRadians">Joint angles [windows, 10 frames, 16 joints] in radians.</param>
    /// <exception cref="ArgumentException">
    /// No window, more than <see cref="WindowsPerRow"/>, a part of a window, counts and angles for different numbers of
    /// windows, or a window that <see cref="Push"/> would refuse (the message names it).
    /// </exception>
    public IReadOnlyList<TrackingPrediction> ScoreSequence(ReadOnlySpan<float> magneticCounts, ReadOnlySpan<float> jointAnglesRadians)
    {
        if (magneticCounts.Length == 0 || magneticCounts.Length % ValuesPerWindow != 0)
            throw new ArgumentException(
                $"MagneticCounts (column 'Magnetic') has {magneticCounts.Length} values; expected 1 to {WindowsPerRow} whole windows of {ValuesPerWindow} " +
                $"(10 frames x {ForceWindow.Taxels} taxels x {ForceWindow.Axes} axes) each" +
                (magneticCounts.Length == 0 ? " (too few windows: none)." : $", and {magneticCounts.Length} / {ValuesPerWindow} = {magneticCounts.Length / (double)ValuesPerWindow:0.###} windows."),
                nameof(magneticCounts));
        int windows = magneticCounts.Length / ValuesPerWindow;
        if (windows > WindowsPerRow)
            throw new ArgumentException(
                $"MagneticCounts holds {windows} windows; the model scores at most {WindowsPerRow} (its row). Score the last {WindowsPerRow} or feed them one by one with Push.",
                nameof(magneticCounts));
        if (jointAnglesRadians.Length != windows * AnglesPerWindow)
            throw new ArgumentException(
                $"JointAnglesRadians (column 'JointAngles') has {jointAnglesRadians.Length} values; expected {windows * AnglesPerWindow} = {windows} windows x 10 frames x {ForceWindow.Joints} joints, " +
                "one window of angles per window of counts.", nameof(jointAnglesRadians));
        for (int w = 0; w < windows; w++)
        {
            try
            {
                RawWindowChecks.Check(magneticCounts.Slice(w * ValuesPerWindow, ValuesPerWindow), jointAnglesRadians.Slice(w * AnglesPerWindow, AnglesPerWindow), nameof(magneticCounts));
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"Window {w} of {windows}: {e.Message}", e.ParamName, e);
            }
        }

        lock (_gate) return _graph.ScoreSequence(magneticCounts, jointAnglesRadians, windows, (values, validity, context) =>
        {
            try
            {
                return Read(values, validity, context, nameof(magneticCounts));
            }
            catch (ArgumentException e)
            {
                // Window context - 1 of the sequence: it starts afresh, so a window has itself and those before it in context.
                throw new ArgumentException($"Window {context - 1} of {windows}: {e.Message}", e.ParamName, e);
            }
        });
    }

    /// <summary>Forgets the buffered windows: the next window starts a new sequence (e.g. after a gap in the stream).</summary>
    public void Reset()
    {
        lock (_gate) _graph.Reset();
    }

    /// <summary>Releases the prediction engine and the ONNX Runtime session of the model.</summary>
    public void Dispose() => _graph.Dispose();

    // The row form: inputs Magnetic [N, 10, 368, 3] and JointAngles [N, 10, 16]; outputs StepScores [N, outputs] and Validity [N, 10, 368].
    private static LastWindowsGraph LastWindows(MLContext mlContext, string path, ITransformer model, DataViewSchema inputSchema, DataViewSchema outputSchema)
    {
        var magnetic = Require(path, "input", inputSchema, "Magnetic", NumberDataViewType.Single, "raw counts", [null, ForceWindow.Frames, ForceWindow.Taxels, ForceWindow.Axes]);
        int windows = magnetic.Dimensions[0];
        var angles = Require(path, "input", inputSchema, "JointAngles", NumberDataViewType.Single, "joint angles in radians", [windows, ForceWindow.Frames, ForceWindow.Joints]);
        var steps = Require(path, "output", outputSchema, nameof(ScoredSequence.StepScores), NumberDataViewType.Single, "estimates per step", [windows, null]);
        var validity = Require(path, "output", outputSchema, nameof(ScoredSequence.Validity), BooleanDataViewType.Instance, "validity", [windows, ForceWindow.Frames, ForceWindow.Taxels]);

        var input = SchemaDefinition.Create(typeof(WindowSequenceRow), SchemaDefinition.Direction.Read);
        input["Magnetic"].ColumnType = magnetic;
        input["JointAngles"].ColumnType = angles;
        var output = SchemaDefinition.Create(typeof(ScoredSequence), SchemaDefinition.Direction.Write);
        output[nameof(ScoredSequence.StepScores)].ColumnType = steps;
        output[nameof(ScoredSequence.Validity)].ColumnType = validity;
        var engine = mlContext.Model.CreatePredictionEngine<WindowSequenceRow, ScoredSequence>(model, ignoreMissingColumns: false, input, output);
        return new LastWindowsGraph(model, engine, windows, steps.Dimensions[1]);
    }

    // The stream form: inputs Magnetic [10, 368, 3], JointAngles [10, 16], PastWindowSummaries [N - 1, D] and PastWindowCount
    // [1]; outputs the estimate (the one other new vector column), WindowSummary [D] and Validity [10, 368].
    private static WindowStreamGraph WindowStream(MLContext mlContext, string path, ITransformer model, DataViewSchema inputSchema, DataViewSchema outputSchema)
    {
        var magnetic = Require(path, "input", inputSchema, "Magnetic", NumberDataViewType.Single, "raw counts", [ForceWindow.Frames, ForceWindow.Taxels, ForceWindow.Axes]);
        var angles = Require(path, "input", inputSchema, "JointAngles", NumberDataViewType.Single, "joint angles in radians", [ForceWindow.Frames, ForceWindow.Joints]);
        var past = Require(path, "input", inputSchema, nameof(WindowStreamRow.PastWindowSummaries), NumberDataViewType.Single, "earlier windows' summaries", [null, null]);
        var count = Require(path, "input", inputSchema, nameof(WindowStreamRow.PastWindowCount), NumberDataViewType.Int64, "the count of earlier windows", [1]);
        int windows = past.Dimensions[0] + 1, width = past.Dimensions[1];
        var summary = Require(path, "output", outputSchema, nameof(ScoredStreamWindow.WindowSummary), NumberDataViewType.Single, "the window's summary", [width]);
        var validity = Require(path, "output", outputSchema, nameof(ScoredStreamWindow.Validity), BooleanDataViewType.Instance, "validity", [ForceWindow.Frames, ForceWindow.Taxels]);
        var estimates = outputSchema.Where(c => inputSchema.GetColumnOrNull(c.Name) is null &&
            c.Name is not nameof(ScoredStreamWindow.WindowSummary) and not nameof(ScoredStreamWindow.Validity)).ToArray();
        if (estimates is not [{ Type: VectorDataViewType { IsKnownSize: true, Dimensions.Length: 1 } scoreType } estimate] || !scoreType.ItemType.Equals(NumberDataViewType.Single))
            throw new InvalidDataException(
                $"'{path}' is not a Sparsh tracking model: besides '{nameof(ScoredStreamWindow.WindowSummary)}' and '{nameof(ScoredStreamWindow.Validity)}' it should write one " +
                $"Single vector [outputs], the estimate; its output columns are {ModelZip.DescribeColumns(outputSchema)}.");

        var input = SchemaDefinition.Create(typeof(WindowStreamRow), SchemaDefinition.Direction.Read);
        input["Magnetic"].ColumnType = magnetic;
        input["JointAngles"].ColumnType = angles;
        input[nameof(WindowStreamRow.PastWindowSummaries)].ColumnType = past;
        input[nameof(WindowStreamRow.PastWindowCount)].ColumnType = count;
        var output = SchemaDefinition.Create(typeof(ScoredStreamWindow), SchemaDefinition.Direction.Write);
        output[nameof(ScoredStreamWindow.Score)].ColumnName = estimate.Name;
        output[nameof(ScoredStreamWindow.Score)].ColumnType = scoreType;
        output[nameof(ScoredStreamWindow.WindowSummary)].ColumnType = summary;
        output[nameof(ScoredStreamWindow.Validity)].ColumnType = validity;
        var engine = mlContext.Model.CreatePredictionEngine<WindowStreamRow, ScoredStreamWindow>(model, ignoreMissingColumns: false, input, output);
        return new WindowStreamGraph(model, engine, windows, scoreType.Size, width);
    }

    // The estimate after a window, refused when the window had no valid taxel or the estimate is not finite.
    private static TrackingPrediction Read(ReadOnlySpan<float> scores, ReadOnlySpan<bool> validity, int windowsInContext, string parameterName)
    {
        int masked = RawWindowChecks.MaskedTaxels(validity);
        if (masked == ForceWindow.Taxels) throw new ArgumentException(RawWindowChecks.AllTaxelsMasked("estimate"), parameterName);
        var values = scores.ToArray();
        if (!values.All(float.IsFinite))
            throw new ArgumentException(
                $"The model scored the window as [{string.Join(", ", values.Select(v => v.ToString(CultureInfo.InvariantCulture)))}]: " +
                "a value the encoder cannot read (non-finite) reached it, so there is no estimate to report.", parameterName);
        return new TrackingPrediction(values, windowsInContext, masked);
    }

    // A known-size vector column of the item type with these dimensions (null: any size of at least 1).
    private static VectorDataViewType Require(string path, string direction, DataViewSchema schema, string name, PrimitiveDataViewType item, string what, int?[] dimensions)
    {
        string expected = $"a {item} vector [{string.Join(", ", dimensions.Select(d => d?.ToString(CultureInfo.InvariantCulture) ?? "N"))}] of {what}";
        var column = schema.GetColumnOrNull(name);
        if (column is null)
            throw new InvalidDataException(
                $"'{path}' is not a Sparsh tracking model: it has no {direction} column '{name}' (expected {expected}); its {direction} columns are {ModelZip.DescribeColumns(schema)}.");
        if (column.Value.Type is not VectorDataViewType { IsKnownSize: true } vector || !vector.ItemType.Equals(item) || vector.Dimensions.Length != dimensions.Length
            || dimensions.Where((d, i) => d is { } size ? vector.Dimensions[i] != size : vector.Dimensions[i] < 1).Any())
            throw new InvalidDataException(
                $"'{path}' is not a Sparsh tracking model: its {direction} column '{name}' is {column.Value.Type}; expected {expected}" +
                (name == "Magnetic" && column.Value.Type is VectorDataViewType { Dimensions.Length: 3 } ? " (a zip of one window per row is a force model: load it with ForceModel)." : "."));
        return vector;
    }
}
