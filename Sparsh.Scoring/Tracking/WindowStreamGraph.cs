using Microsoft.ML;

namespace Sparsh.Scoring.Tracking;

/// <summary>
/// A zip in stream form (<c>SaveDeployableStream</c>): its row is the new raw window plus the pooled summaries of up to
/// N - 1 earlier ones, which this class keeps, so a call encodes one window whatever N is.
/// </summary>
internal sealed class WindowStreamGraph : TrackingGraph
{
    private readonly PredictionEngine<WindowStreamRow, ScoredStreamWindow> _engine;
    private readonly WindowStreamRow _row;
    private readonly int _summaryWidth;
    // The summaries of the accepted windows before the next one, oldest first: at most WindowsPerRow - 1.
    private readonly float[] _history;
    private int _count;
    private ScoredStreamWindow _output = new();

    public WindowStreamGraph(ITransformer model, PredictionEngine<WindowStreamRow, ScoredStreamWindow> engine, int windows, int outputs, int summaryWidth)
        : base(model, engine, windows, outputs)
    {
        _engine = engine;
        _summaryWidth = summaryWidth;
        _row = new WindowStreamRow
        {
            Magnetic = new float[ValuesPerWindow], JointAngles = new float[AnglesPerWindow], PastWindowSummaries = new float[(windows - 1) * summaryWidth],
        };
        _history = new float[(windows - 1) * summaryWidth];
    }

    public override int BufferedWindows => _count;

    public override TrackingPrediction Push(ReadOnlySpan<float> magnetic, ReadOnlySpan<float> angles, StepReader read)
    {
        var prediction = Score(magnetic, angles, _history, _count, read);
        _count = Append(_history, _count);
        return prediction;
    }

    public override TrackingPrediction[] ScoreSequence(ReadOnlySpan<float> magnetic, ReadOnlySpan<float> angles, int windows, StepReader read)
    {
        var history = new float[_history.Length];
        int count = 0;
        var predictions = new TrackingPrediction[windows];
        for (int w = 0; w < windows; w++)
        {
            predictions[w] = Score(magnetic.Slice(w * ValuesPerWindow, ValuesPerWindow), angles.Slice(w * AnglesPerWindow, AnglesPerWindow), history, count, read);
            count = Append(history, count);
        }
        return predictions;
    }

    public override void Reset() => _count = 0;

    // The estimate after the window that follows the first `count` summaries of `history`.
    private TrackingPrediction Score(ReadOnlySpan<float> magnetic, ReadOnlySpan<float> angles, float[] history, int count, StepReader read)
    {
        magnetic.CopyTo(_row.Magnetic);
        angles.CopyTo(_row.JointAngles);
        history.AsSpan(0, count * _summaryWidth).CopyTo(_row.PastWindowSummaries);
        // Rows past the real ones are never read for the estimate; zeros keep them finite.
        _row.PastWindowSummaries.AsSpan(count * _summaryWidth).Clear();
        _row.PastWindowCount[0] = count;
        _engine.Predict(_row, ref _output);
        return read(_output.Score, _output.Validity, count + 1);
    }

    // Appends the last scored window's summary, dropping the oldest once `history` holds WindowsPerRow - 1; returns the new count.
    private int Append(float[] history, int count)
    {
        if (count == WindowsPerRow - 1)
        {
            history.AsSpan(_summaryWidth).CopyTo(history);
            count--;
        }
        _output.WindowSummary.AsSpan(0, _summaryWidth).CopyTo(history.AsSpan(count * _summaryWidth));
        return count + 1;
    }
}
