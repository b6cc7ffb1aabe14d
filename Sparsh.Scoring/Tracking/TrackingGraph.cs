using Microsoft.ML;

namespace Sparsh.Scoring.Tracking;

/// <summary>
/// Turns the graph's answer for one window (its estimate, its validity mask and the windows it rests on) into a prediction,
/// or throws when there is no estimate to report.
/// </summary>
internal delegate TrackingPrediction StepReader(ReadOnlySpan<float> values, ReadOnlySpan<bool> validity, int windowsInContext);

/// <summary>
/// How a tracking zip is fed and what it keeps of the stream: the last raw windows (<see cref="LastWindowsGraph"/>) or the
/// pooled summaries of earlier windows (<see cref="WindowStreamGraph"/>). Not thread-safe: <see cref="TrackingModel"/>
/// serialises the calls.
/// </summary>
internal abstract class TrackingGraph : IDisposable
{
    private readonly ITransformer _model;
    private readonly IDisposable _engine;

    /// <summary>Values per raw window of counts [10, 368, 3].</summary>
    public const int ValuesPerWindow = Force.ForceWindow.Frames * Force.ForceWindow.Taxels * Force.ForceWindow.Axes;

    /// <summary>Values per raw window of joint angles [10, 16].</summary>
    public const int AnglesPerWindow = Force.ForceWindow.Frames * Force.ForceWindow.Joints;

    /// <summary>Values per window of the validity mask [10, 368].</summary>
    public const int ValidityPerWindow = Force.ForceWindow.Frames * Force.ForceWindow.Taxels;

    /// <summary>The loaded zip and the prediction engine over it, both released by <see cref="Dispose"/>.</summary>
    protected TrackingGraph(ITransformer model, IDisposable engine, int windowsPerRow, int outputs)
    {
        _model = model;
        _engine = engine;
        WindowsPerRow = windowsPerRow;
        OutputCount = outputs;
    }

    /// <summary>Windows one estimate rests on at most.</summary>
    public int WindowsPerRow { get; }

    /// <summary>Values per estimate.</summary>
    public int OutputCount { get; }

    /// <summary>Earlier windows the next estimate rests on.</summary>
    public abstract int BufferedWindows { get; }

    /// <summary>Scores a window after the buffered ones; it joins the buffer only when <paramref name="read"/> returns.</summary>
    public abstract TrackingPrediction Push(ReadOnlySpan<float> magnetic, ReadOnlySpan<float> angles, StepReader read);

    /// <summary>
    /// Scores 1 to <see cref="WindowsPerRow"/> windows as one new sequence, leaving the buffer as it is; <paramref name="read"/>
    /// gets window w with w + 1 windows in context.
    /// </summary>
    public abstract TrackingPrediction[] ScoreSequence(ReadOnlySpan<float> magnetic, ReadOnlySpan<float> angles, int windows, StepReader read);

    /// <summary>Forgets the buffered windows.</summary>
    public abstract void Reset();

    /// <summary>Releases the prediction engine and the ONNX Runtime session of the model.</summary>
    public void Dispose()
    {
        _engine.Dispose();
        (_model as IDisposable)?.Dispose();
    }
}
