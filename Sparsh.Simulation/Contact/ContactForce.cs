using System.Numerics;

namespace Sparsh.Simulation.Contact;

/// <summary>Total force one contact applies to the skin in one frame, palm frame, newtons.</summary>
/// <param name="NormalNewtons">Sum of the normal loads over all taxels (a magnitude, pressing into the skin).</param>
/// <param name="ForceOnSkinNewtons">Vector sum of normal and shear loads acting on the skin.</param>
/// <param name="ShearOnSkinNewtons">Vector sum of the shear (tangential) loads acting on the skin.</param>
public readonly record struct ContactForce(float NormalNewtons, Vector3 ForceOnSkinNewtons, Vector3 ShearOnSkinNewtons);
