namespace Sparsh.Scoring.Force;

/// <summary>The force model's answer for one window.</summary>
/// <param name="ForceNewtons">Force [shear x, shear y, normal] in newtons.</param>
/// <param name="MaskedTaxels">
/// Taxels hidden from the encoder because a raw count was out of range, NaN or infinite in at least one frame
/// (the model's validity step); 0 for a healthy skin. The force then rests on the remaining taxels.
/// </param>
public sealed record ForcePrediction(float[] ForceNewtons, int MaskedTaxels);
