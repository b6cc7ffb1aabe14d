using Microsoft.ML;

namespace Sparsh.Scoring.Tracking;

/// <summary>
/// A zip whose row is the last N raw windows (<c>SaveDeployableSequence</c>): it keeps up to N - 1 raw windows and
/// re-encodes them all with each new one, so a call costs N windows of encoding.
/// </summary>
internal sealed class LastWindowsGraph : TrackingGraph
{
    private readonly PredictionEngine<WindowSequenceRow, ScoredSequence> _engine;
    private readonly WindowSequenceRow _row;
    // The accepted windows before the next one, oldest first: at most WindowsPerRow - 1.
    private readonly float[] _historyMagnetic;
    private readonly float[] _historyAngles;
    private int _history;
    private ScoredSequence _output = new();

    public LastWindowsGraph(ITransformer model, PredictionEngine<WindowSequenceRow, ScoredSequence> engine, int windows, int outputs) : base(model, engine, windows, outputs)
    {
        _engine = engine;
        _row = new WindowSequenceRow { Magnetic = new float[windows * ValuesPerWindow], JointAngles = new float[windows * AnglesPerWindow] };
        _historyMagnetic = new float[(windows - 1) * ValuesPerWindow];
        _historyAngles = new float[(windows - 1) * AnglesPerWindow];
    }

    public override int BufferedWindows => _history;

    public override TrackingPrediction Push(ReadOnlySpan<float> magnetic, ReadOnlySpan<float> angles, StepReader read)
    {
        int slot = _history;
        _historyMagnetic.AsSpan(0, slot * ValuesPerWindow).CopyTo(_row.Magnetic);
        _historyAngles.AsSpan(0, slot * AnglesPerWindow).CopyTo(_row.JointAngles);
        magnetic.CopyTo(_row.Magnetic.AsSpan(slot * ValuesPerWindow, ValuesPerWindow));
        angles.CopyTo(_row.JointAngles.AsSpan(slot * AnglesPerWindow, AnglesPerWindow));
        PadAndPredict(slot + 1);
        var prediction = Step(slot, read);
        Remember(magnetic, angles);
        return prediction;
    }

    public override TrackingPrediction[] ScoreSequence(ReadOnlySpan<float> magnetic, ReadOnlySpan<float> angles, int windows, StepReader read)
    {
        magnetic.CopyTo(_row.Magnetic);
        angles.CopyTo(_row.JointAngles);
        PadAndPredict(windows);
        var predictions = new TrackingPrediction[windows];
        for (int w = 0; w < windows; w++) predictions[w] = Step(w, read);
        return predictions;
    }

    public override void Reset() => _history = 0;

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

    private TrackingPrediction Step(int step, StepReader read) =>
        read(_output.StepScores.AsSpan(step * OutputCount, OutputCount), _output.Validity.AsSpan(step * ValidityPerWindow, ValidityPerWindow), step + 1);

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
}
