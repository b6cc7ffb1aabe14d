namespace Sparsh.Trainers.Decoders;

/// <summary>Optional squashing of one decoder output (e.g. ReLU for a normal force that cannot be negative).</summary>
public enum OutputActivation
{
    /// <summary>Identity.</summary>
    None,

    /// <summary>max(0, x): non-negative outputs. Beware: an output whose raw value starts negative for every window never learns (zero gradient).</summary>
    Relu,

    /// <summary>tanh(x): outputs in [-1, 1] such as joystick axes.</summary>
    Tanh,

    /// <summary>sigmoid(x): outputs in [0, 1].</summary>
    Sigmoid,

    /// <summary>log(1 + e^x): smooth non-negative outputs such as normal force; unlike Relu it always has a gradient.</summary>
    Softplus,
}
