using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Scoring.Force;
using Sparsh.Scoring.ModelFiles;

namespace Sparsh.Scoring.Tracking;

/// <summary>
/// A saved Sparsh tracking model zip (object pose or joystick state from the temporal decoder: validity -> kinematics ->
/// normalisation -> encoder -> temporal decoder, one ONNX graph inside ML.NET whose row is the last N raw windows) loaded
/// with plain ML.NET, fed window by window. It keeps the last windows of the stream in a rolling buffer: each
/// <see cref="Push"/> scores the new window after the ones before it (up to N in all) and returns the current estimate.
/// Until N windows have come, the row's later slots are padding that the causal decoder never reads for the estimate.
/// Bad input throws with the file, column or index and what was expected, and leaves the buffer as it was. Calls are
/// serialised (one prediction engine), so one instance may be shared by threads, though a stream's windows must come in order.
/// </summary>
public sealed class TrackingModel : IDisposable
{
    private const int ValuesPerWindow = ForceWindow.Frames * ForceWindow.Taxels * ForceWindow.Axes;
    private const int AnglesPerWindow = ForceWindow.Frames * ForceWindow.Joints;
    private const int ValidityPerWindow = ForceWindow.Frames * ForceWindow.Taxels;

    private readonly ITransformer _model;
    private readonly PredictionEngine<WindowSequenceRow, ScoredSequence> _engine;
    private readonly object _gate = new();
    private readonly WindowSequenceRow _row;
    // The accepted windows before the next one, oldest first: at most WindowsPerRow - 1.
    private readonly float[] _historyMagnetic;
    private readonly float[] _historyAngles;
    private int _history;
    private ScoredSequence _output = new();

    private TrackingModel(string path, ITransformer model, PredictionEngine<WindowSequenceRow, ScoredSequence> engine, int windows, int outputs)
    {
        Path = path;
        _model = model;
        _engine = engine;
        WindowsPerRow = windows;
        OutputCount = outputs;
        _row = new WindowSequenceRow { Magnetic = new float[windows * ValuesPerWindow], JointAngles = new float[windows * AnglesPerWindow] };
        _historyMagnetic = new float[(windows - 1) * ValuesPerWindow];
        _historyAngles = new float[(windows - 1) * AnglesPerWindow];
    }

    /// <summary>The zip this model was loaded from.</summary>
    public string Path { get; }

    /// <summary>Windows one estimate rests on at most (the zip's row): older windows leave the buffer.</summary>
    public int WindowsPerRow { get; }

    /// <summary>Values per estimate (e.g. 3: Tx, Ty, theta).</summary>
    public int OutputCount { get; }

    /// <summary>Windows the next estimate will rest on besides its own (0 after <see cref="Reset"/>).</summary>
    public int BufferedWindows
    {
        get { lock (_gate) return _history; }
    }

    /// <summary>Loads a tracking model zip (written by <c>WindowPreparation.SaveDeployableSequence</c>).</summary>
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
            return new TrackingModel(path, model, engine, windows, steps.Dimensions[1]);
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
        lock (_gate)
        {
            int slot = _history;
            _historyMagnetic.AsSpan(0, slot * ValuesPerWindow).CopyTo(_row.Magnetic);
            _historyAngles.AsSpan(0, slot * AnglesPerWindow).CopyTo(_row.JointAngles);
            magneticCounts.CopyTo(_row.Magnetic.AsSpan(slot * ValuesPerWindow, ValuesPerWindow));
            jointAnglesRadians.CopyTo(_row.JointAngles.AsSpan(slot * AnglesPerWindow, AnglesPerWindow));
            PadAndPredict(slot + 1);
            var prediction = Step(slot, nameof(magneticCounts));
            Remember(magneticCounts, jointAnglesRadians);
            return prediction;
        }
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

        lock (_gate)
        {
            magneticCounts.CopyTo(_row.Magnetic);
            jointAnglesRadians.CopyTo(_row.JointAngles);
            PadAndPredict(windows);
            var predictions = new TrackingPrediction[windows];
            for (int w = 0; w < windows; w++)
            {
                try
                {
                    predictions[w] = Step(w, nameof(magneticCounts));
                }
                catch (ArgumentException e)
                {
                    throw new ArgumentException($"Window {w} of {windows}: {e.Message}", e.ParamName, e);
                }
            }
            return predictions;
        }
    }

    /// <summary>Forgets the buffered windows: the next window starts a new sequence (e.g. after a gap in the stream).</summary>
    public void Reset()
    {
        lock (_gate) _history = 0;
    }

    /// <summary>Releases the prediction engine and the ONNX Runtime session of the model.</summary>
    public void Dispose()
    {
        _engine.Dispose();
        (_model as IDisposable)?.Dispose();
    }

    // Slots 0..windows-1 of the row hold the sequence; the rest become copies of its last window. The causal decoder's
    // estimates for the real windows never read them, and a copy of a readable window is readable (padding the graph
    // could not read would turn every step NaN).
    private void PadAndPredict(int windows)
    {
        var lastMagnetic = _row.Magnetic.AsSpan((windows - 1) * ValuesPerWindow, ValuesPerWindow);
        var lastAngles = _row.JointAngles.AsSpan((windows - 1) * AnglesPerWindow, AnglesPerWindow);
        for (int k = windows; k < WindowsPerRow; k++)
        {
            lastMagnetic.CopyTo(_row.Magnetic.AsSpan(k * ValuesPerWindow, ValuesPerWindow));
            lastAngles.CopyTo(_row.JointAngles.AsSpan(k * AnglesPerWindow, AnglesPerWindow));
        }
        _engine.Predict(_row, ref _output);
    }

    // The estimate after window `step` of the last prediction, refused when the window had no valid taxel or the estimate is not finite.
    private TrackingPrediction Step(int step, string parameterName)
    {
        int masked = RawWindowChecks.MaskedTaxels(_output.Validity.AsSpan(step * ValidityPerWindow, ValidityPerWindow));
        if (masked == ForceWindow.Taxels) throw new ArgumentException(RawWindowChecks.AllTaxelsMasked("estimate"), parameterName);
        var values = _output.StepScores.AsSpan(step * OutputCount, OutputCount).ToArray();
        if (!values.All(float.IsFinite))
            throw new ArgumentException(
                $"The model scored the window as [{string.Join(", ", values.Select(v => v.ToString(CultureInfo.InvariantCulture)))}]: " +
                "a value the encoder cannot read (non-finite) reached it, so there is no estimate to report.", parameterName);
        return new TrackingPrediction(values, step + 1, masked);
    }

    // Appends an accepted window to the history, dropping the oldest once it holds WindowsPerRow - 1.
    private void Remember(ReadOnlySpan<float> magnetic, ReadOnlySpan<float> angles)
    {
        if (WindowsPerRow == 1) return;
        if (_history == WindowsPerRow - 1)
        {
            _historyMagnetic.AsSpan(ValuesPerWindow).CopyTo(_historyMagnetic);
            _historyAngles.AsSpan(AnglesPerWindow).CopyTo(_historyAngles);
            _history--;
        }
        magnetic.CopyTo(_historyMagnetic.AsSpan(_history * ValuesPerWindow, ValuesPerWindow));
        angles.CopyTo(_historyAngles.AsSpan(_history * AnglesPerWindow, AnglesPerWindow));
        _history++;
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
