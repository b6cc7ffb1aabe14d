namespace Sparsh.MLNet.Studies;

/// <summary>The decoder a sample-efficiency study trains on each budget.</summary>
public enum SampleEfficiencyDecoder
{
    /// <summary><c>AttentivePoolerRegressor</c>: one window -> label vector (force).</summary>
    AttentivePooler,

    /// <summary><c>TemporalDecoderRegressor</c>: sequences of windows -> a label vector per window (joystick, object pose).</summary>
    Temporal,
}
