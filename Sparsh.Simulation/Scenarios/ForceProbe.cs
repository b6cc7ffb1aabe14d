using System.Numerics;

namespace Sparsh.Simulation.Scenarios;

/// <summary>One indentation of force probing.</summary>
/// <param name="Taxel">Probed taxel (flatten index).</param>
/// <param name="Tip">Indenter tip.</param>
/// <param name="Profile">Press, hold and release times.</param>
/// <param name="DepthMetres">Indentation at full press.</param>
/// <param name="OffsetMetres">Where the tip lands relative to the taxel, along its local x and y axes.</param>
/// <param name="TipYawRadians">Tip orientation about the normal (flat tip edges, cylinder edge axis).</param>
/// <param name="ShearDragMetres">Tangential skin drag reached during the hold, along the taxel's local x and y axes.</param>
public sealed record ForceProbe(int Taxel, SimulatedObject Tip, PressProfile Profile, float DepthMetres, Vector2 OffsetMetres, float TipYawRadians, Vector2 ShearDragMetres);
