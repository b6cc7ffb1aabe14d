namespace Sparsh.Scoring.Tracking;

/// <summary>The tracking model's answer after one window.</summary>
/// <param name="Values">
/// The current estimate, one value per model output in the order it was trained on (object pose: Tx m, Ty m, theta rad;
/// joystick: three axes in [-1, 1]).
/// </param>
/// <param name="WindowsInContext">Windows the estimate rests on: this one and the ones before it, up to the model's <see cref="TrackingModel.WindowsPerRow"/>.</param>
/// <param name="MaskedTaxels">
/// Taxels of this window hidden from the encoder because a raw count was out of range, NaN or infinite in at least one
/// frame (the model's validity step); 0 for a healthy skin.
/// </param>
public sealed record TrackingPrediction(float[] Values, int WindowsInContext, int MaskedTaxels);
